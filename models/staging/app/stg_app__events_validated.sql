{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['event_id'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'app', 'app_events',
        [
            ['event_id', huaxiang.normalize_key('event_id')],
        ]
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('event_id') }} as event_id,
        {{ huaxiang.normalize_key('device_id', lowercase=true) }} as device_id,
        lower({{ huaxiang.clean_text('platform') }}) as platform_raw,
        {{ huaxiang.normalize_key('login_account_id') }} as login_account_id,
        {{ huaxiang.normalize_phone('login_phone') }} as login_phone,
        lower({{ huaxiang.clean_text('event_type') }}) as event_type_raw,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.clean_text('category') }} as category,
        {{ huaxiang.parse_timestamp_utc('event_at') }} as event_at,
        login_phone as login_phone_text,
        {{ huaxiang.raw_record_text([
            'event_id', 'device_id', 'platform', 'login_account_id',
            'login_phone', 'event_type', 'product_id', 'category', 'event_at'
        ]) }} as raw_record,
        _loaded_at
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as event_type,
        platform_map.standard_value as platform,
        {{ huaxiang.key_rank(
            ['parsed.event_id'],
            order_by='raw_record, _loaded_at'
        ) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'event_type'
            and parsed.event_type_raw = type_map.raw_value
    left join standard_values as platform_map
        on platform_map.domain = 'platform'
            and parsed.platform_raw = platform_map.raw_value

),

final as (

    select
        event_id,
        device_id,
        platform,
        login_account_id,
        login_phone,
        event_type,
        product_id,
        category,
        event_at,
        {{ huaxiang.issue_list({
            'login_phone_invalid':
                "login_phone is null and login_phone_text is not null",
            'platform_unmapped': "platform is null and platform_raw is not null",
        }) }} as field_issues,
        case
            when event_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when device_id is null then 'missing_device'
            when event_type is null then 'unknown_event_type'
            else {{ huaxiang.timestamp_quarantine_reason('event_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from standardised

)

select * from final
