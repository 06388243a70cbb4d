{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('healthcare', 'healthcare_follow_ups') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('follow_up_id') }} as follow_up_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('condition_code') }}) as condition_code_raw,
        lower({{ huaxiang.clean_text('channel') }}) as channel_raw,
        {{ huaxiang.parse_date('scheduled_date') }} as scheduled_date,
        {{ huaxiang.parse_date('completed_date') }} as completed_date,
        completed_date as completed_date_text,
        {{ huaxiang.raw_record_text([
            'follow_up_id', 'member_id', 'account_id', 'condition_code',
            'channel', 'scheduled_date', 'completed_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        code_map.standard_value as condition_code,
        channel_map.standard_value as channel,
        {{ huaxiang.key_rank(['parsed.follow_up_id']) }} as duplicate_rank
    from parsed
    left join standard_values as code_map
        on code_map.domain = 'chronic_condition'
            and parsed.condition_code_raw = code_map.raw_value
    left join standard_values as channel_map
        on channel_map.domain = 'follow_up_channel'
            and parsed.channel_raw = channel_map.raw_value

),

final as (

    select
        follow_up_id,
        member_id,
        account_id,
        condition_code,
        channel,
        scheduled_date,
        case
            when completed_date <= {{ huaxiang.as_of_date() }}
                then completed_date
        end as completed_date,
        {{ huaxiang.issue_list({
            'condition_code_unmapped':
                "condition_code is null and condition_code_raw is not null",
            'channel_unmapped': "channel is null and channel_raw is not null",
            'completed_date_invalid':
                "completed_date_text is not null and coalesce("
                ~ "completed_date > " ~ huaxiang.as_of_date() ~ ", true)",
        }) }} as field_issues,
        case
            when follow_up_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when scheduled_date is null then 'invalid_date'
            when scheduled_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
