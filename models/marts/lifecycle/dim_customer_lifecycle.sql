{#-
    Lifecycle stage of every customer at the as-of date. Each stage of
    seeds/lifecycle_stages.csv has one rule below; a customer gets the
    matching stage with the lowest rule_precedence, so overlapping rules
    (a new customer is also active) resolve by the seed. The rules are in
    macros/lifecycle/lifecycle_stage_rules.sql; thresholds are dbt vars
    (active_window_days, lifecycle_*). Only counted purchases on or
    before the as-of date count; "within N days" means less than N days
    before the as-of date, as for active customers in the metric center.
-#}

{%- set rules = huaxiang.lifecycle_stage_rules() %}

with

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

purchases as (

    select
        customer_id,
        order_date
    from {{ ref('fct_orders') }}
    where is_counted_purchase
        and customer_id is not null
        and order_date <= {{ huaxiang.as_of_date() }}

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

purchase_days as (

    -- Gaps are measured between distinct purchase days: two purchases on the
    -- latest day would otherwise tie and make previous_gap_days arbitrary.
    select distinct
        customer_id,
        order_date
    from purchases

),

purchase_gaps as (

    select
        customer_id,
        order_date,
        {#- One row per customer and day, so both windows have no ties and
            order the same way on every engine. #}
        {{ dbt.datediff(
            'lag(order_date) over (partition by customer_id order by order_date)',
            'order_date', 'day') }} as gap_days,
        row_number() over (
            partition by customer_id order by order_date desc
        ) as recency_rank
    from purchase_days

),

latest_gaps as (

    select
        customer_id,
        max(gap_days) as previous_gap_days
    from purchase_gaps
    where recency_rank = 1
    group by customer_id

),

purchase_counts as (

    select
        customer_id,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date,
        count(*) as lifetime_purchases,
        sum(
            case
                when order_date > {{ dbt.dateadd(
                    'day', -1 * var('lifecycle_growth_window_days'), huaxiang.as_of_date()) }}
                    then 1
                else 0
            end
        ) as purchases_recent,
        sum(
            case
                when order_date > {{ dbt.dateadd(
                    'day', -2 * var('lifecycle_growth_window_days'),
                    huaxiang.as_of_date()) }}
                    and order_date <= {{ dbt.dateadd(
                        'day', -1 * var('lifecycle_growth_window_days'),
                        huaxiang.as_of_date()) }}
                    then 1
                else 0
            end
        ) as purchases_prior
    from purchases
    group by customer_id

),

purchase_summary as (

    select
        purchase_counts.*,
        latest_gaps.previous_gap_days
    from purchase_counts
    left join latest_gaps
        on purchase_counts.customer_id = latest_gaps.customer_id

),

measured as (

    select
        customers.customer_id,
        purchase_summary.first_purchase_date,
        purchase_summary.last_purchase_date,
        {{ dbt.datediff('purchase_summary.last_purchase_date',
            huaxiang.as_of_date(), 'day') }} as recency_days,
        {{ dbt.datediff('purchase_summary.first_purchase_date',
            huaxiang.as_of_date(), 'day') }} as first_purchase_age_days,
        coalesce(purchase_summary.lifetime_purchases, 0) as lifetime_purchases,
        coalesce(purchase_summary.purchases_recent, 0) as purchases_recent,
        coalesce(purchase_summary.purchases_prior, 0) as purchases_prior,
        purchase_summary.previous_gap_days
    from customers
    left join purchase_summary
        on customers.customer_id = purchase_summary.customer_id

),

rule_matches as (

    {%- for stage_code, condition in rules.items() %}

        select
            customer_id,
            '{{ stage_code }}' as stage_code
        from measured
        where {{ condition }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

ranked as (

    select
        rule_matches.customer_id,
        stages.stage_code,
        row_number() over (
            partition by rule_matches.customer_id
            order by stages.rule_precedence
        ) as match_rank
    from rule_matches
    inner join stages
        on rule_matches.stage_code = stages.stage_code

),

final as (

    select
        measured.customer_id,
        ranked.stage_code as lifecycle_stage,
        stages.stage_name_zh as lifecycle_stage_name_zh,
        stages.stage_name_en as lifecycle_stage_name_en,
        cast(stages.sort_order as integer) as lifecycle_stage_order,
        measured.first_purchase_date,
        measured.last_purchase_date,
        cast(measured.recency_days as integer) as recency_days,
        cast(measured.first_purchase_age_days as integer) as tenure_days,
        cast(measured.lifetime_purchases as bigint) as lifetime_purchases,
        cast(measured.purchases_recent as bigint) as purchases_recent,
        cast(measured.purchases_prior as bigint) as purchases_prior,
        cast(measured.previous_gap_days as integer) as previous_gap_days,
        {{ huaxiang.as_of_date() }} as as_of_date
    from measured
    left join ranked
        on measured.customer_id = ranked.customer_id
            and ranked.match_rank = 1
    left join stages
        on ranked.stage_code = stages.stage_code

)

select * from final
