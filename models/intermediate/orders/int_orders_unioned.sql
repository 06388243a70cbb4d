{#-
    One row per order across channels: POS receipts (sales and refunds) and
    e-commerce orders, with source_system and the resolved customer.
    net_revenue_cny is the revenue rule every metric uses: POS net amount
    (negative for refunds); e-commerce goods minus coupon, 0 when the order
    was cancelled or refunded. Shipping fees are not revenue.
-#}

{{ config(
    materialized=huaxiang.incremental_materialization(),
    unique_key='order_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_incremental_unless_later_day('order_date') }}",
) }}

with

pos_transactions as (

    select * from {{ ref('stg_pos__transactions') }}

),

ecom_orders as (

    select * from {{ ref('stg_ecom__orders') }}

),

records as (

    select
        record_key,
        customer_id
    from {{ ref('int_identity_records_clustered') }}

),

pos_orders as (

    select
        'pos:' || receipt_no as order_id,
        'pos' as source_system,
        receipt_no as source_order_id,
        case when member_card_no is not null or customer_phone is not null
                then {{ huaxiang.pos_identity_record_key('member_card_no', 'customer_phone') }}
        end as record_key,
        transacted_at as ordered_at,
        store_id,
        'offline' as channel,
        case when transaction_type = 'REFUND' then 'refund' else 'sale' end
            as order_type,
        'completed' as order_status,
        case when original_receipt_no is not null
                then 'pos:' || original_receipt_no
        end as original_order_id,
        gross_amount_cny,
        discount_amount_cny,
        net_amount_cny as paid_amount_cny,
        net_amount_cny as net_revenue_cny,
        false as has_coupon,
        payment_method
    from pos_transactions

),

online_orders as (

    select
        'ecom:' || order_id as order_id,
        'ecom' as source_system,
        order_id as source_order_id,
        'ecom:' || account_id as record_key,
        ordered_at,
        cast(null as {{ dbt.type_string() }}) as store_id,
        'online' as channel,
        'sale' as order_type,
        order_status,
        cast(null as {{ dbt.type_string() }}) as original_order_id,
        goods_amount_cny as gross_amount_cny,
        coupon_amount_cny as discount_amount_cny,
        paid_amount_cny,
        case when order_status in ('cancelled', 'refunded')
                then cast(0 as decimal(18, 2))
            else goods_amount_cny - coupon_amount_cny
        end as net_revenue_cny,
        coupon_code is not null as has_coupon,
        cast(null as {{ dbt.type_string() }}) as payment_method
    from ecom_orders

),

unioned as (

    select * from pos_orders
    union all
    select * from online_orders

),

final as (

    select
        unioned.order_id,
        unioned.source_system,
        unioned.source_order_id,
        records.customer_id,
        unioned.ordered_at,
        cast({{ huaxiang.utc_to_local('unioned.ordered_at') }} as date)
            as order_date,
        unioned.store_id,
        unioned.channel,
        unioned.order_type,
        unioned.order_status,
        unioned.original_order_id,
        cast(unioned.gross_amount_cny as decimal(18, 2)) as gross_amount_cny,
        cast(unioned.discount_amount_cny as decimal(18, 2))
            as discount_amount_cny,
        cast(unioned.paid_amount_cny as decimal(18, 2)) as paid_amount_cny,
        cast(unioned.net_revenue_cny as decimal(18, 2)) as net_revenue_cny,
        unioned.has_coupon,
        unioned.payment_method,
        records.customer_id is null as is_anonymous,
        unioned.order_type = 'sale'
        and unioned.order_status not in ('cancelled', 'refunded')
            as is_counted_purchase
    from unioned
    left join records
        on unioned.record_key = records.record_key

)

{{ huaxiang.select_incremental_rows('final', 'order_id', 'ordered_at') }}
