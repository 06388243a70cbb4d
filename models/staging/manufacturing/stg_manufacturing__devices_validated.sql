{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('manufacturing', 'manufacturing_devices') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('serial_no') }} as serial_no,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.parse_date('purchase_date') }} as purchase_date,
        lower({{ huaxiang.clean_text('purchase_channel') }})
            as purchase_channel_raw,
        lower({{ huaxiang.clean_text('usage_scenario') }}) as usage_scenario_raw,
        {{ huaxiang.parse_date('warranty_end_date') }} as warranty_end_date,
        warranty_end_date as warranty_end_date_text,
        {{ huaxiang.raw_record_text([
            'serial_no', 'member_id', 'account_id', 'product_id',
            'purchase_date', 'purchase_channel', 'usage_scenario',
            'warranty_end_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        channel_map.standard_value as purchase_channel,
        scenario_map.standard_value as usage_scenario,
        {{ huaxiang.key_rank(['parsed.serial_no']) }} as duplicate_rank
    from parsed
    left join standard_values as channel_map
        on channel_map.domain = 'purchase_channel'
            and parsed.purchase_channel_raw = channel_map.raw_value
    left join standard_values as scenario_map
        on scenario_map.domain = 'usage_scenario'
            and parsed.usage_scenario_raw = scenario_map.raw_value

),

final as (

    select
        serial_no,
        member_id,
        account_id,
        product_id,
        purchase_date,
        purchase_channel,
        usage_scenario,
        warranty_end_date,
        {{ huaxiang.issue_list({
            'usage_scenario_unmapped':
                "usage_scenario is null and usage_scenario_raw is not null",
            'warranty_end_date_invalid':
                "warranty_end_date is null and warranty_end_date_text is not null",
        }) }} as field_issues,
        case
            when serial_no is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when purchase_channel is null then 'unknown_channel'
            when purchase_date is null then 'invalid_date'
            when purchase_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
