{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['response_id'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
    enabled=huaxiang.industry() in var('campaign_industries', ['retail']),
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'campaigns', 'campaign_responses',
        [
            ['response_id', huaxiang.normalize_key('response_id')],
        ]
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('response_id') }} as response_id,
        {{ huaxiang.normalize_key('campaign_id') }} as campaign_id,
        {{ huaxiang.parse_date('campaign_start_date') }}
            as campaign_start_date,
        {{ huaxiang.parse_integer('response_window_days') }}
            as response_window_days,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('arm') }}) as arm,
        lower({{ huaxiang.clean_text('channel') }}) as channel_raw,
        {{ huaxiang.parse_timestamp_utc('sent_at') }} as sent_at,
        {{ huaxiang.parse_timestamp_utc('opened_at') }} as opened_at,
        {{ huaxiang.parse_timestamp_utc('clicked_at') }} as clicked_at,
        {{ huaxiang.parse_timestamp_utc('converted_at') }} as converted_at,
        converted_at as converted_at_text,
        {{ huaxiang.parse_amount('revenue') }} as revenue_cny,
        revenue as revenue_text,
        {{ huaxiang.raw_record_text([
            'response_id', 'campaign_id', 'campaign_start_date',
            'response_window_days', 'member_id', 'account_id', 'arm',
            'channel', 'sent_at', 'opened_at', 'clicked_at', 'converted_at',
            'revenue'
        ]) }} as raw_record,
        _loaded_at
    from source

),

standardised as (

    select
        parsed.*,
        channel_map.standard_value as channel,
        {{ huaxiang.key_rank(
            ['parsed.response_id'],
            order_by='raw_record, _loaded_at'
        ) }} as duplicate_rank
    from parsed
    left join standard_values as channel_map
        on channel_map.domain = 'marketing_channel'
            and parsed.channel_raw = channel_map.raw_value

),

final as (

    select
        response_id,
        campaign_id,
        campaign_start_date,
        response_window_days,
        member_id,
        account_id,
        arm,
        channel,
        sent_at,
        opened_at,
        clicked_at,
        converted_at,
        converted_at is not null as is_converted,
        coalesce(revenue_cny, 0) as revenue_cny,
        case
            when response_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when campaign_id is null then 'missing_key'
            when arm is null or arm not in ('treatment', 'holdout')
                then 'unknown_campaign_arm'
            when channel is null then 'unknown_marketing_channel'
            when campaign_start_date is null
                or response_window_days is null
                or response_window_days < 0
                then 'invalid_campaign_date'
            when converted_at_text is not null and converted_at is null
                then 'invalid_timestamp'
            when revenue_text is not null
                and (revenue_cny is null or revenue_cny < 0)
                then 'invalid_amount'
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from standardised

)

select * from final
