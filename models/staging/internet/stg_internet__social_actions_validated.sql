{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('internet', 'internet_social_actions') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('action_id') }} as action_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        lower({{ huaxiang.clean_text('action_type') }}) as action_type_raw,
        {{ huaxiang.parse_timestamp_utc('acted_at') }} as acted_at,
        {{ huaxiang.raw_record_text([
            'action_id', 'account_id', 'member_id', 'action_type', 'acted_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as action_type,
        {{ huaxiang.key_rank(['parsed.action_id']) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'social_action'
            and parsed.action_type_raw = type_map.raw_value

),

final as (

    select
        action_id,
        account_id,
        member_id,
        action_type,
        acted_at,
        cast(null as {{ dbt.type_string() }}) as field_issues,
        case
            when action_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when action_type is null then 'unknown_action_type'
            else {{ huaxiang.timestamp_quarantine_reason('acted_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
