{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['receipt_no'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'pos', 'pos_transactions',
        [
            ['receipt_no', huaxiang.normalize_key('receipt_no')],
        ]
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('receipt_no') }} as receipt_no,
        {{ huaxiang.normalize_key('store_id') }} as store_id,
        {{ huaxiang.parse_timestamp_utc('transacted_at') }} as transacted_at,
        {{ huaxiang.normalize_member_card('member_card_no') }} as member_card_no,
        {{ huaxiang.normalize_phone('customer_phone') }} as customer_phone,
        lower({{ huaxiang.clean_text('transaction_type') }})
            as transaction_type_raw,
        {{ huaxiang.normalize_key('original_receipt_no') }}
            as original_receipt_no,
        {{ huaxiang.parse_amount('gross_amount') }} as gross_amount_cny,
        {{ huaxiang.parse_amount('discount_amount') }} as discount_amount_cny,
        {{ huaxiang.parse_amount('net_amount') }} as net_amount_cny,
        lower({{ huaxiang.clean_text('payment_method') }}) as payment_method_raw,
        member_card_no as member_card_text,
        customer_phone as customer_phone_text,
        {{ huaxiang.raw_record_text([
            'receipt_no', 'store_id', 'transacted_at', 'member_card_no',
            'customer_phone', 'transaction_type', 'original_receipt_no',
            'gross_amount', 'discount_amount', 'net_amount', 'payment_method'
        ]) }} as raw_record,
        _loaded_at
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as transaction_type,
        payment_map.standard_value as payment_method,
        {{ huaxiang.key_rank(
            ['parsed.receipt_no'],
            order_by='raw_record, _loaded_at'
        ) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'transaction_type'
            and parsed.transaction_type_raw = type_map.raw_value
    left join standard_values as payment_map
        on payment_map.domain = 'payment_method'
            and parsed.payment_method_raw = payment_map.raw_value

),

final as (

    select
        receipt_no,
        store_id,
        transacted_at,
        member_card_no,
        customer_phone,
        transaction_type,
        original_receipt_no,
        gross_amount_cny,
        coalesce(discount_amount_cny, 0) as discount_amount_cny,
        net_amount_cny,
        payment_method,
        {{ huaxiang.issue_list({
            'member_card_invalid':
                "member_card_no is null and member_card_text is not null",
            'customer_phone_invalid':
                "customer_phone is null and customer_phone_text is not null",
            'payment_method_unmapped':
                "payment_method is null and payment_method_raw is not null",
        }) }} as field_issues,
        case
            when receipt_no is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when transaction_type is null then 'unknown_transaction_type'
            else coalesce(
                    {{ huaxiang.timestamp_quarantine_reason('transacted_at') }},
                    case
                        when net_amount_cny is null then 'invalid_amount'
                        when {{ huaxiang.is_amount_out_of_range([
                            'gross_amount_cny', 'net_amount_cny'
                        ]) }} then 'amount_out_of_range'
                        when transaction_type = 'SALE' and net_amount_cny < 0
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
