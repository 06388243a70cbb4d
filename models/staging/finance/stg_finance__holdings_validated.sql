{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('finance', 'finance_holdings') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('holding_id') }} as holding_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        lower({{ huaxiang.clean_text('product_type') }}) as product_type_raw,
        {{ huaxiang.parse_amount('balance') }} as balance_cny,
        {{ huaxiang.parse_date('snapshot_date') }} as snapshot_date,
        {{ huaxiang.raw_record_text([
            'holding_id', 'member_id', 'account_id', 'product_id',
            'product_type', 'balance', 'snapshot_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as product_type,
        {{ huaxiang.key_rank(['parsed.holding_id']) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'holding_product_type'
            and parsed.product_type_raw = type_map.raw_value

),

final as (

    select
        holding_id,
        member_id,
        account_id,
        product_id,
        product_type,
        balance_cny,
        snapshot_date,
        {{ huaxiang.issue_list({
            'product_id_missing': "product_id is null",
        }) }} as field_issues,
        case
            when holding_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when product_type is null then 'unknown_product_type'
            when balance_cny is null or balance_cny < 0 then 'invalid_amount'
            when snapshot_date is null then 'invalid_date'
            when snapshot_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
