{#- One row per RFM segment: size, value share and average behaviour, with labels and actions. -#}

with

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

customers as (

    select
        customer_id,
        lifetime_net_revenue_cny
    from {{ ref('dim_customers') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

per_segment as (

    select
        rfm.segment_code,
        count(*) as customers,
        sum(rfm.monetary_365d_cny) as revenue_cny,
        avg(rfm.recency_days) as avg_recency_days,
        avg(rfm.frequency_365d) as avg_frequency,
        avg(rfm.monetary_365d_cny) as avg_monetary_cny,
        avg(case when rfm.frequency_365d > 0 then rfm.avg_order_value_cny end)
            as avg_order_value_cny,
        {#- Decimal sums: exact, so reruns give identical bits (a sum of
            doubles depends on the order parallel threads add them). #}
        sum(cast(rfm.monetary_365d_cny * rfm.online_revenue_share as decimal(18, 2)))
        / nullif(sum(rfm.monetary_365d_cny), 0) as online_revenue_share
    from rfm
    inner join customers
        on rfm.customer_id = customers.customer_id
    group by rfm.segment_code

),

totals as (

    select
        sum(customers) as all_customers,
        sum(revenue_cny) as all_revenue_cny
    from per_segment

)

select
    segments.segment_code,
    cast(segments.sort_order as integer) as sort_order,
    segments.segment_name_zh,
    segments.segment_name_en,
    segments.description_zh,
    segments.description_en,
    segments.action_zh,
    segments.action_en,
    coalesce(per_segment.customers, 0) as customers,
    coalesce(
        cast(per_segment.customers as {{ huaxiang.type_double() }}) / nullif(totals.all_customers, 0), 0
    ) as customer_share,
    cast(coalesce(per_segment.revenue_cny, 0) as decimal(18, 2)) as revenue_cny,
    coalesce(
        cast(per_segment.revenue_cny as {{ huaxiang.type_double() }})
        / nullif(cast(totals.all_revenue_cny as {{ huaxiang.type_double() }}), 0),
        0
    ) as revenue_share,
    cast(per_segment.avg_recency_days as {{ huaxiang.type_double() }}) as avg_recency_days,
    cast(per_segment.avg_frequency as {{ huaxiang.type_double() }}) as avg_frequency,
    cast(per_segment.avg_monetary_cny as {{ huaxiang.type_double() }}) as avg_monetary_cny,
    cast(per_segment.avg_order_value_cny as {{ huaxiang.type_double() }}) as avg_order_value_cny,
    cast(per_segment.online_revenue_share as {{ huaxiang.type_double() }}) as online_revenue_share
from segments
cross join totals
left join per_segment
    on segments.segment_code = per_segment.segment_code
