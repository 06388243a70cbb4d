{#-
    The measured values behind the finance tags, one row per customer: AUM at
    the latest holdings snapshot and its change since the previous one, the
    products held, the latest suitability assessment, credit accounts and
    their arrears, and channel use. The rules of seeds/tag_catalog.csv
    (industry finance) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'finance') }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

features as (

    select * from {{ ref('int_customer_features_aggregated') }}

),

holdings as (

    select * from {{ ref('int_finance_holdings_linked') }}
    where snapshot_date <= {{ huaxiang.as_of_date() }}

),

assessments as (

    select * from {{ ref('int_finance_risk_assessments_linked') }}
    where is_latest

),

credit_accounts as (

    select * from {{ ref('int_finance_credit_accounts_linked') }}
    where snapshot_date <= {{ huaxiang.as_of_date() }}

),

orders as (

    select * from {{ ref('fct_orders') }}
    where customer_id is not null
        and is_counted_purchase
        and order_date > {{ dbt.dateadd(
            'day', -1 * var('rfm_window_days'), huaxiang.as_of_date()) }}
        and order_date <= {{ huaxiang.as_of_date() }}

),

snapshot_dates as (

    select
        max(snapshot_date) as latest_date,
        max(
            case when snapshot_date < latest_snapshot then snapshot_date end
        ) as previous_date
    from (
        select
            snapshot_date,
            max(snapshot_date) over () as latest_snapshot
        from holdings
    ) as dated

),

aum as (

    select
        holdings.customer_id,
        sum(
            case when holdings.snapshot_date = snapshot_dates.latest_date
                    then holdings.balance_cny
                else 0
            end
        ) as aum_cny,
        sum(
            case when holdings.snapshot_date = snapshot_dates.previous_date
                    then holdings.balance_cny
                else 0
            end
        ) as aum_previous_cny,
        {%- for product_type in ['deposit', 'wealth_management', 'fund', 'insurance'] %}
            sum(
                case when holdings.snapshot_date = snapshot_dates.latest_date
                        and holdings.product_type = '{{ product_type }}'
                        then holdings.balance_cny
                    else 0
                end
            ) as {{ product_type }}_balance_cny,
        {%- endfor %}
        count(distinct case
            when holdings.snapshot_date = snapshot_dates.latest_date
                and holdings.balance_cny > 0
                then holdings.product_type
        end) as investment_types_held
    from holdings
    cross join snapshot_dates
    group by holdings.customer_id

),

latest_credit_snapshot as (

    select max(snapshot_date) as snapshot_date
    from credit_accounts

),

credit as (

    select
        credit_accounts.customer_id,
        sum(
            case when credit_accounts.product_type = 'credit_card' then 1 else 0 end
        ) as credit_card_accounts,
        sum(
            case when credit_accounts.product_type != 'credit_card' then 1 else 0 end
        ) as loan_accounts,
        max(credit_accounts.days_past_due) as max_days_past_due,
        max(credit_accounts.utilisation_ratio) as max_utilisation_ratio
    from credit_accounts
    inner join latest_credit_snapshot
        on credit_accounts.snapshot_date = latest_credit_snapshot.snapshot_date
    group by credit_accounts.customer_id

),

channel_use as (

    select
        customer_id,
        count(*) as orders_365d,
        sum(case when channel = 'online' then 1 else 0 end)
            as online_orders_365d
    from orders
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        customers.lifetime_orders,
        {{ dbt.datediff('customers.first_order_date',
            huaxiang.as_of_date(), 'day') }} as days_since_first_order,
        {{ dbt.datediff('customers.last_order_date',
            huaxiang.as_of_date(), 'day') }} as recency_days,
        cast(coalesce(aum.aum_cny, 0) as decimal(18, 2)) as aum_cny,
        cast(coalesce(aum.aum_previous_cny, 0) as decimal(18, 2))
            as aum_previous_cny,
        case
            when aum.aum_previous_cny > 0
                then
                    cast(aum.aum_cny - aum.aum_previous_cny as {{ huaxiang.type_double() }})
                    / cast(aum.aum_previous_cny as {{ huaxiang.type_double() }})
        end as aum_change_ratio,
        {%- for product_type in ['deposit', 'wealth_management', 'fund', 'insurance'] %}
            cast(coalesce(aum.{{ product_type }}_balance_cny, 0) as decimal(18, 2))
                as {{ product_type }}_balance_cny,
        {%- endfor %}
        cast(
            coalesce(aum.investment_types_held, 0)
            + case when credit.credit_card_accounts > 0 then 1 else 0 end
            + case when credit.loan_accounts > 0 then 1 else 0 end
            as bigint
        ) as product_types_held,
        assessments.risk_level,
        cast(coalesce(credit.credit_card_accounts, 0) as bigint)
            as credit_card_accounts,
        cast(coalesce(credit.loan_accounts, 0) as bigint) as loan_accounts,
        cast(credit.max_days_past_due as bigint) as max_days_past_due,
        cast(credit.max_utilisation_ratio as {{ huaxiang.type_double() }}) as max_utilisation_ratio,
        cast(coalesce(channel_use.orders_365d, 0) as bigint) as orders_365d,
        case
            when channel_use.orders_365d > 0
                then
                    cast(channel_use.online_orders_365d as {{ huaxiang.type_double() }})
                    / channel_use.orders_365d
        end as digital_order_share_365d,
        cast(coalesce(features.app_events_90d, 0) as bigint) as app_events_90d
    from customers
    left join features
        on customers.customer_id = features.customer_id
    left join aum
        on customers.customer_id = aum.customer_id
    left join assessments
        on customers.customer_id = assessments.customer_id
    left join credit
        on customers.customer_id = credit.customer_id
    left join channel_use
        on customers.customer_id = channel_use.customer_id

)

select * from final
