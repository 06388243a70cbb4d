{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['preference_event_id'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
    enabled=huaxiang.industry() in var('campaign_industries', ['retail']),
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'campaigns', 'marketing_preferences',
        [
            ['preference_event_id', huaxiang.normalize_key('preference_event_id')],
        ]
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('preference_event_id') }}
            as preference_event_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('channel') }}) as channel_raw,
        lower({{ huaxiang.clean_text('event_type') }}) as event_type_raw,
        {{ huaxiang.clean_text('wechat_openid') }} as wechat_openid,
        {{ huaxiang.parse_timestamp_utc('event_at') }} as event_at,
        {{ huaxiang.raw_record_text([
            'preference_event_id', 'member_id', 'account_id', 'channel',
            'event_type', 'wechat_openid', 'event_at'
        ]) }} as raw_record,
        _loaded_at
    from source

),

standardised as (

    select
        parsed.*,
        channel_map.standard_value as channel,
        event_map.standard_value as event_type,
        {{ huaxiang.key_rank(
            ['parsed.preference_event_id'],
            order_by='raw_record, _loaded_at'
        ) }}
            as duplicate_rank
    from parsed
    left join standard_values as channel_map
        on channel_map.domain = 'marketing_channel'
            and parsed.channel_raw = channel_map.raw_value
    left join standard_values as event_map
        on event_map.domain = 'consent_event'
            and parsed.event_type_raw = event_map.raw_value

),

final as (

    select
        preference_event_id,
        member_id,
        account_id,
        channel,
        event_type,
        case when channel = 'wechat' then wechat_openid end as wechat_openid,
        event_at,
        case
            when preference_event_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when channel is null then 'unknown_marketing_channel'
            when event_type is null then 'unknown_consent_event'
            else {{ huaxiang.timestamp_quarantine_reason('event_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from standardised

)

select * from final
