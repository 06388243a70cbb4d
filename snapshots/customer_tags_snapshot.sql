{#-
    History (SCD2) of each customer's tags: one row per customer and tag of
    the industry being built, versioned by the business as-of date like
    customer_profile_snapshot (updated_at = as_of_at, the same rewind
    pre-hook, deletes ignored). A tag without a value is recorded as 'none',
    so losing a value is a new version too. Only the rows that changed since
    the open version reach dbt's snapshot staging (compared by one GROUP BY
    with snapshot_open_versions; see `sides` below). The first build, with no
    open version to compare, takes every customer x tag straight from the
    industry's wide tag mart.
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

    {#- Every relation either branch reads, referenced up front so dbt
        records them whichever branch renders. #}
    {%- set customers_relation = ref('dim_customers') %}
    {%- set tags_relation = ref('fct_customer_tags') %}
    {%- set industry = huaxiang.industry() %}
    {%- set wide_relation = none %}
    {%- if industry in huaxiang.tag_industries() %}
        {%- set wide_relation = ref('dim_customer_tags_' ~ industry) %}
    {%- endif %}

    with

    {%- if huaxiang.snapshot_existing_relation() is none %}

    {#- First build: every customer x tag that some customer has, 'none'
        where the customer has no value, unpivoted from the wide mart (one
        row per customer of dim_customers). The same rows as the comparison
        below with no open versions, without its GROUP BY over 43M rows (at
        1M customers the node took 35.9 s alone, now 20.2 s). Later builds
        compare with the open versions through fct_customer_tags: the
        unpivot's 22-branch UNION ALL feeding that GROUP BY ran out of
        memory under a 4 GB DuckDB cap. #}
    changed as (

        select
            customer_id,
            tag_code,
            tag_value
        from (
            {{ huaxiang.tags_unpivoted(
                wide_relation, industry, missing_value='none'
            ) | indent(12) }}
        ) as unpivoted

    ),
    {%- else %}

    customers as (

        select customer_id from {{ customers_relation }}

    ),

    tags as (

        select * from {{ tags_relation }}

    ),

    tag_codes as (

        select distinct tag_code from tags

    ),

    {#- Every (customer, tag) from three sides, compared by one GROUP BY:
        the customer x tag grid (the tag has value 'none' unless a tag row
        says otherwise), the tag rows, and the snapshot's open versions. At
        1M customers the left join of the grid with the tag rows plus an
        anti-join with the 22M open versions (snapshot_changed_rows, as the
        other snapshots do) held two 22M-row hash tables at once and ran out
        of memory under a 4 GB DuckDB cap; an aggregate spills to disk. -#}
    sides as (

        select
            customers.customer_id,
            tag_codes.tag_code,
            cast(null as {{ dbt.type_string() }}) as tag_value,
            'grid' as side
        from customers
        cross join tag_codes
        union all
        select
            customer_id,
            tag_code,
            tag_value,
            'tag' as side
        from tags
        union all
        select
            customer_id,
            tag_code,
            tag_value,
            'open_version' as side
        from (
            {{ huaxiang.snapshot_open_versions(
                ['customer_id', 'tag_code', 'tag_value'], 'tags'
            ) }}
        ) as open_versions

    ),

    compared as (

        select
            customer_id,
            tag_code,
            max(case when side = 'grid' then 1 else 0 end) as is_in_grid,
            max(case when side = 'open_version' then 1 else 0 end)
                as has_open_version,
            coalesce(max(case when side = 'tag' then tag_value end), 'none')
                as tag_value,
            max(case when side = 'open_version' then tag_value end)
                as open_tag_value
        from sides
        group by customer_id, tag_code

    ),

    {#- Only the rows that give a new version reach dbt's snapshot staging:
        a current customer's tag with no open version, or whose value
        differs from it. With deletes ignored a customer or tag that is gone
        keeps its open version, as without the filter. -#}
    changed as (

        select
            customer_id,
            tag_code,
            tag_value
        from compared
        where is_in_grid = 1
            and (
                has_open_version = 0
                or open_tag_value is null
                or open_tag_value <> tag_value
            )

    ),
    {%- endif %}

    final as (

        select
            customer_id,
            tag_code,
            cast(
                {{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }}
            ) as as_of_at,
            tag_value
        from changed

    )

    select * from final

{% endsnapshot %}
