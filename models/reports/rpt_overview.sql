{#-
    Headline numbers of the overview page (one row). Orders, revenue, average
    order value and active customers follow the metric center's definitions
    (models/marts/metrics/_metrics__metrics.yml: orders, revenue,
    average_order_value, active_customers at the as-of month);
    tests/python/test_metrics.py checks them against MetricFlow.
-#}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

records as (

    select * from {{ ref('dim_identity_records') }}

),

quarantined as (

    select * from {{ ref('fct_quarantined_rows') }}

),

customer_months as (

    select * from {{ ref('fct_customer_months') }}

)

select
    {{ huaxiang.as_of_date() }} as as_of_date,
    (select count(*) from customers) as customers,
    (select count(*) from records) as source_records,
    (
        select count(*) from orders
        where is_anonymous
    ) as anonymous_orders,
    (
        select count(*) from orders
        where is_counted_purchase
    ) as orders,
    (select cast(sum(net_revenue_cny) as decimal(18, 2)) from orders)
        as revenue_cny,
    (
        select count(*) from customer_months
        where is_active
            and month_start_date
            = cast({{ dbt.date_trunc('month', huaxiang.as_of_date()) }} as date)
    ) as active_customers,
    {{ var('active_window_days') }} as active_window_days,
    (
        select
            cast(
                sum(net_revenue_cny)
                / nullif(
                    sum(case when is_counted_purchase then 1 else 0 end), 0
                )
                as decimal(18, 2)
            )
        from orders
    ) as avg_order_value_cny,
    (select count(*) from quarantined) as quarantined_rows
