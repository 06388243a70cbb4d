{#-
    Migration of customers between two snapshot dates, per profile dimension
    (lifecycle_stage, segment_code, cluster_code): from-value x to-value
    counts. The to-date is the as-of date; the from-date is var
    migration_from_date when set, else the latest snapshot date before the
    as-of date. A customer's value on a date is the customer_profile_snapshot
    version valid then; 'not_tracked' = no version yet on the from-date,
    'gone' = the customer id no longer exists (merged by identity resolution).
-#}

{%- set dimensions = ['lifecycle_stage', 'segment_code', 'cluster_code'] %}
{%- set from_date_var = var('migration_from_date', none) %}

with

history as (

    select
        customer_id,
        segment_code,
        cluster_code,
        lifecycle_stage,
        cast(dbt_valid_from as date) as valid_from_date,
        cast(dbt_valid_to as date) as valid_to_date
    from {{ ref('customer_profile_snapshot') }}

),

current_customers as (

    select customer_id from {{ ref('dim_customers') }}

),

dates as (

    select
        {%- if from_date_var %}
            cast('{{ from_date_var }}' as date) as from_date,
        {%- else %}
            (
                select max(valid_from_date) from history
                where valid_from_date < {{ huaxiang.as_of_date() }}
            ) as from_date,
        {%- endif %}
        {{ huaxiang.as_of_date() }} as to_date

),

from_states as (

    select history.*
    from history
    cross join dates
    where {{ huaxiang.scd2_valid_on('history', 'dates.from_date') }}

),

to_states as (

    select history.*
    from history
    cross join dates
    inner join current_customers
        on history.customer_id = current_customers.customer_id
    where {{ huaxiang.scd2_valid_on('history', 'dates.to_date') }}

),

paired as (

    select
        {%- for dimension in dimensions %}
            coalesce(from_states.{{ dimension }}, 'not_tracked')
                as from_{{ dimension }},
            coalesce(to_states.{{ dimension }}, 'gone') as to_{{ dimension }},
        {%- endfor %}
        coalesce(from_states.customer_id, to_states.customer_id) as customer_id
    from from_states
    full outer join to_states
        on from_states.customer_id = to_states.customer_id

),

migrations as (

    {%- for dimension in dimensions %}

        select
            '{{ dimension }}' as dimension,
            from_{{ dimension }} as from_value,
            to_{{ dimension }} as to_value,
            count(*) as customers
        from paired
        group by 1, 2, 3
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        migrations.dimension
        || ':' || migrations.from_value
        || ':' || migrations.to_value as migration_id,
        migrations.dimension,
        migrations.from_value,
        migrations.to_value,
        dates.from_date,
        dates.to_date,
        cast(migrations.customers as bigint) as customers
    from migrations
    cross join dates

)

select * from final
