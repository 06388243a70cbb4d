{#-
    History (SCD2) of each customer's tags: one row per customer and tag of
    the industry being built, versioned by the business as-of date like
    customer_profile_snapshot (updated_at = as_of_at, the same rewind
    pre-hook, deletes ignored). A tag without a value is recorded as 'none',
    so losing a value is a new version too. Only the rows that changed since
    the open version reach dbt's snapshot staging (snapshot_changed_rows).
    "Which tags did customer C have on date X":
    dbt_valid_from <= X < coalesce(dbt_valid_to, X + 1).
-#}

{% snapshot customer_tags_snapshot %}

    {{ config(
        schema='snapshots',
        unique_key=['customer_id', 'tag_code'],
        strategy='check',
        check_cols=['tag_value'],
        updated_at='as_of_at',
        hard_deletes='ignore',
        pre_hook="{{ huaxiang.rewind_snapshot_to_as_of() }}",
    ) }}

    with

    customers as (

        select customer_id from {{ ref('dim_customers') }}

    ),

    tags as (

        select * from {{ ref('fct_customer_tags') }}

    ),

    tag_codes as (

        select distinct tag_code from tags

    ),

    final as (

        select
            customers.customer_id,
            tag_codes.tag_code,
            cast(
                {{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }}
            ) as as_of_at,
            coalesce(tags.tag_value, 'none') as tag_value
        from customers
        cross join tag_codes
        left join tags
            on customers.customer_id = tags.customer_id
                and tag_codes.tag_code = tags.tag_code

    )

    select * from final
    where {{ huaxiang.snapshot_changed_rows(
        'final', ['customer_id', 'tag_code'], ['tag_value']
    ) }}

{% endsnapshot %}
