{#- Orders, buying customers and net revenue per month and source system. -#}

with

orders as (

    select * from {{ ref('fct_orders') }}

)

select
    cast({{ dbt.date_trunc('month', 'order_date') }} as date) as sales_month,
    source_system,
    cast(sum(case when is_counted_purchase then 1 else 0 end) as bigint)
        as orders,
    count(distinct case when is_counted_purchase then customer_id end)
        as customers,
    cast(sum(net_revenue_cny) as decimal(18, 2)) as revenue_cny
from orders
group by 1, 2
