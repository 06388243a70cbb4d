{#-
    One row per order line across POS and e-commerce, with product category
    and customer. Incremental: the lines of the orders dated within the
    lookback or moved to another customer (incremental_parent_filter).
-#}

{{ config(
    materialized=huaxiang.incremental_materialization(),
    unique_key='order_line_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_incremental_unless_later_day('order_date') }}",
) }}

with

pos_lines as (

    select * from {{ ref('stg_pos__transaction_lines') }}

),

ecom_lines as (

    select * from {{ ref('stg_ecom__order_lines') }}

),

orders as (

    {#- On an incremental run: the orders whose lines to (re)load. -#}
    select * from {{ ref('int_orders_unioned') }}
    {{ huaxiang.incremental_parent_filter(
        ref('int_orders_unioned'), 'order_id', 'ordered_at'
    ) }}

),

products as (

    select * from {{ ref('stg_merch__products') }}

),

unioned as (

    select
        'pos:' || receipt_line_id as order_line_id,
        'pos:' || receipt_no as order_id,
        line_no,
        product_id,
        quantity,
        unit_price_cny,
        line_amount_cny
    from pos_lines
    union all
    select
        'ecom:' || order_line_id as order_line_id,
        'ecom:' || order_id as order_id,
        line_no,
        product_id,
        quantity,
        unit_price_cny,
        line_amount_cny
    from ecom_lines

),

final as (

    select
        unioned.order_line_id,
        unioned.order_id,
        orders.source_system,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.channel,
        unioned.line_no,
        unioned.product_id,
        coalesce(products.category, 'unknown') as category,
        unioned.quantity,
        cast(unioned.unit_price_cny as decimal(18, 2)) as unit_price_cny,
        cast(unioned.line_amount_cny as decimal(18, 2)) as line_amount_cny,
        cast(
            case when orders.order_status in ('cancelled', 'refunded') then 0
                else unioned.line_amount_cny
            end
            as decimal(18, 2)
        ) as net_revenue_cny
    from unioned
    inner join orders
        on unioned.order_id = orders.order_id
    left join products
        on unioned.product_id = products.product_id

)

select * from final
