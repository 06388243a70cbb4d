{#-
    History (SCD2) of each customer's RFM segment, K-means cluster and
    lifecycle stage. Each build records the state at the business as-of date:
    a customer gets a new version only when one of the three changed, and
    dbt_valid_from / dbt_valid_to are as-of dates (updated_at = as_of_date),
    so "which segment was this customer in on date X" is
    dbt_valid_from <= X < coalesce(dbt_valid_to, X + 1). A build at date X
    first rewinds the history to before X (macro rewind_snapshot_to_as_of),
    so re-running a date replaces it and builds run in as-of order. A customer id that
    disappears (identity merge) keeps its last version open: dbt would close
    it at the wall-clock time, not an as-of date, so deletes are ignored here
    and fct_profile_migrations reports such customers as 'gone'.
-#}

{% snapshot customer_profile_snapshot %}

    {{ config(
        schema='snapshots',
        unique_key='customer_id',
        strategy='check',
        check_cols=['segment_code', 'cluster_code', 'lifecycle_stage'],
        updated_at='as_of_at',
        hard_deletes='ignore',
        file_format=(var('spark_snapshot_file_format') or none)
            if target.type == 'spark' else none,
        pre_hook="{{ huaxiang.rewind_snapshot_to_as_of() }}",
    ) }}

    with

    customers as (

        select customer_id from {{ ref('dim_customers') }}

    ),

    rfm as (

        select * from {{ ref('dim_customer_rfm') }}

    ),

    clusters as (

        select * from {{ ref('dim_customer_clusters') }}

    ),

    lifecycle as (

        select * from {{ ref('dim_customer_lifecycle') }}

    ),

    final as (

        select
            customers.customer_id,
            cast({{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }}) as as_of_at,
            rfm.segment_code,
            coalesce(clusters.cluster_code, 'none') as cluster_code,
            lifecycle.lifecycle_stage
        from customers
        left join rfm
            on customers.customer_id = rfm.customer_id
        left join clusters
            on customers.customer_id = clusters.customer_id
        left join lifecycle
            on customers.customer_id = lifecycle.customer_id

    )

    select * from final
    where {{ huaxiang.snapshot_changed_rows(
        'final', ['customer_id'], ['segment_code', 'cluster_code', 'lifecycle_stage']
    ) }}

{% endsnapshot %}
