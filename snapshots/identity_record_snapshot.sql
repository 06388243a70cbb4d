{#-
    History (SCD2) of which customer each identity record resolved to, one
    version per as-of date on which it changed (like customer_profile_snapshot:
    updated_at = as_of_date, and a rebuild of a date replaces it). Read by
    rpt_identity_churn, which reports the records whose customer_id moved
    between two builds: merges of two customers, splits after a blocked value,
    or an unstable anchor. Only changed records reach dbt's snapshot staging
    (snapshot_changed_rows). Records that disappear keep their last version open.
-#}

{% snapshot identity_record_snapshot %}

    {{ config(
        schema='snapshots',
        unique_key='record_id',
        strategy='check',
        check_cols=['customer_id'],
        updated_at='as_of_at',
        hard_deletes='ignore',
        pre_hook="{{ huaxiang.rewind_snapshot_to_as_of() }}",
    ) }}

    with

    records as (

        select
            record_id,
            source_system,
            coalesce(customer_id, 'anonymous') as customer_id,
            cast({{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }}) as as_of_at
        from {{ ref('dim_identity_records') }}

    )

    select * from records
    where {{ huaxiang.snapshot_changed_rows('records', ['record_id'], ['customer_id']) }}

{% endsnapshot %}
