{#-
    Behavioural features per customer at the as-of date, the input of RFM and
    of K-means. Windows: 365 days (var rfm_window_days) for purchases, 90 days
    for app activity. Customers without any counted purchase have null
    recency and zero counts.
-#}

with

customers as (

    select distinct customer_id
    from {{ ref('int_identity_records_clustered') }}
    where customer_id is not null

),

orders as (

    select * from {{ ref('int_orders_unioned') }}
    where customer_id is not null
        and order_date <= {{ huaxiang.as_of_date() }}

),

lines as (

    select * from {{ ref('int_order_lines_unioned') }}
    where customer_id is not null

),

app_events as (

    -- App events with their customer and local date (int_app_events_linked).
    select
        customer_id,
        event_date
    from {{ ref('int_app_events_linked') }}
    where customer_id is not null

),

window_start as (

    select
        {{ dbt.dateadd('day', -1 * var('rfm_window_days'), huaxiang.as_of_date()) }}
            as window_start_date

),

order_features as (

    select
        orders.customer_id,
        max(case when orders.is_counted_purchase then orders.order_date end)
            as last_purchase_date,
        sum(case when orders.is_counted_purchase
                and orders.order_date > window_start.window_start_date
                then 1
            else 0
        end) as frequency_365d,
        sum(case when orders.order_date > window_start.window_start_date
                then orders.net_revenue_cny
            else 0
        end) as monetary_365d_cny,
        sum(case when orders.order_date > window_start.window_start_date
                and orders.channel = 'online'
                then orders.net_revenue_cny
            else 0
        end) as online_revenue_365d_cny
    from orders
    cross join window_start
    group by orders.customer_id

),

category_features as (

    select
        lines.customer_id,
        count(distinct lines.category) as category_count_365d
    from lines
    cross join window_start
    where lines.order_date > window_start.window_start_date
        and lines.net_revenue_cny > 0
    group by lines.customer_id

),

category_revenue as (

    select
        lines.customer_id,
        lines.category,
        sum(lines.net_revenue_cny) as category_revenue_cny
    from lines
    cross join window_start
    where lines.order_date > window_start.window_start_date
    group by lines.customer_id, lines.category

),

top_categories as (

    select
        customer_id,
        category as top_category_365d
    from (
        select
            customer_id,
            category,
            row_number() over (
                partition by customer_id
                order by category_revenue_cny desc, category asc
            ) as category_rank
        from category_revenue
        where category_revenue_cny > 0
    ) as ranked_categories
    where category_rank = 1

),

app_features as (

    select
        customer_id,
        count(*) as app_events_90d
    from app_events
    where event_date > {{ dbt.dateadd('day', -90, huaxiang.as_of_date()) }}
    group by customer_id

),

final as (

    select
        customers.customer_id,
        order_features.last_purchase_date,
        cast({{ dbt.datediff('order_features.last_purchase_date',
            huaxiang.as_of_date(), 'day') }} as bigint) as recency_days,
        cast(coalesce(order_features.frequency_365d, 0) as bigint)
            as frequency_365d,
        cast(coalesce(order_features.monetary_365d_cny, 0) as decimal(18, 2))
            as monetary_365d_cny,
        {#- DuckDB divides a decimal by a count as a double: the same double,
            rounded the same way, on every engine (72.115 -> 72.11). #}
        {{ huaxiang.money_from_double(
            "case when order_features.frequency_365d > 0 then cast("
            ~ "order_features.monetary_365d_cny as " ~ huaxiang.type_double()
            ~ ") / order_features.frequency_365d else 0 end"
        ) }} as avg_order_value_cny,
        case when order_features.monetary_365d_cny > 0
                then cast(order_features.online_revenue_365d_cny as {{ huaxiang.type_double() }})
                    / cast(order_features.monetary_365d_cny as {{ huaxiang.type_double() }})
            else 0
        end as online_revenue_share,
        coalesce(category_features.category_count_365d, 0)
            as category_count_365d,
        top_categories.top_category_365d,
        coalesce(app_features.app_events_90d, 0) as app_events_90d
    from customers
    left join order_features
        on customers.customer_id = order_features.customer_id
    left join category_features
        on customers.customer_id = category_features.customer_id
    left join top_categories
        on customers.customer_id = top_categories.customer_id
    left join app_features
        on customers.customer_id = app_features.customer_id

)

select * from final
