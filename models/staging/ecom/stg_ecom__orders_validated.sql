{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['order_id'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'ecom', 'ecom_orders',
        [
            ['order_id', huaxiang.normalize_key('order_id')],
        ]
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('order_id') }} as order_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.clean_text('shipping_province') }} as shipping_province,
        {{ huaxiang.clean_city('shipping_city') }} as shipping_city,
        {{ huaxiang.parse_timestamp_utc('ordered_at') }} as ordered_at,
        {{ huaxiang.parse_timestamp_utc('paid_at') }} as paid_at,
        lower({{ huaxiang.clean_text('order_status') }}) as order_status_raw,
        {{ huaxiang.parse_amount('goods_amount') }} as goods_amount_cny,
        {{ huaxiang.clean_text('coupon_code') }} as coupon_code,
        {{ huaxiang.parse_amount('coupon_amount') }} as coupon_amount_cny,
        {{ huaxiang.parse_amount('shipping_fee') }} as shipping_fee_cny,
        {{ huaxiang.parse_amount('paid_amount') }} as paid_amount_cny,
        paid_at as paid_at_text,
        {{ huaxiang.raw_record_text([
            'order_id', 'account_id', 'receiver_name', 'receiver_phone',
            'shipping_province', 'shipping_city', 'shipping_address',
            'ordered_at', 'paid_at', 'order_status', 'goods_amount',
            'coupon_code', 'coupon_amount', 'shipping_fee', 'paid_amount'
        ]) }} as raw_record,
        _loaded_at
    from source

),

standardised as (

    select
        parsed.*,
        status_map.standard_value as order_status,
        {{ huaxiang.key_rank(
            ['parsed.order_id'],
            order_by='raw_record, _loaded_at'
        ) }} as duplicate_rank
    from parsed
    left join standard_values as status_map
        on status_map.domain = 'order_status'
            and parsed.order_status_raw = status_map.raw_value

),

final as (

    select
        order_id,
        account_id,
        shipping_province,
        shipping_city,
        ordered_at,
        paid_at,
        order_status,
        goods_amount_cny,
        coupon_code,
        coalesce(coupon_amount_cny, 0) as coupon_amount_cny,
        coalesce(shipping_fee_cny, 0) as shipping_fee_cny,
        coalesce(paid_amount_cny, 0) as paid_amount_cny,
        {{ huaxiang.issue_list({
            'paid_at_invalid': "paid_at is null and paid_at_text is not null",
        }) }} as field_issues,
        case
            when order_id is null or account_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when order_status is null then 'unknown_order_status'
            else coalesce(
                    {{ huaxiang.timestamp_quarantine_reason('ordered_at') }},
                    case
                        when goods_amount_cny is null then 'invalid_amount'
                        when {{ huaxiang.is_amount_out_of_range([
                            'goods_amount_cny', 'paid_amount_cny'
                        ]) }} then 'amount_out_of_range'
                        when goods_amount_cny < 0 or paid_amount_cny < 0
                            then 'negative_amount_on_sale'
                    end
                )
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from standardised

)

select * from final
