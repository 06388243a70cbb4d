{#- Headline numbers of the overview page (one row). -#}

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
        select count(*) from customers
        where last_order_date
            > {{ dbt.dateadd('day', -90, huaxiang.as_of_date()) }}
    ) as active_customers_90d,
    (
        select
            cast(
                sum(net_revenue_cny) / nullif(count(*), 0) as decimal(18, 2)
            )
        from orders
        where is_counted_purchase
    ) as avg_order_value_cny,
    (select count(*) from quarantined) as quarantined_rows
