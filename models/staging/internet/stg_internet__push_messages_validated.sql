{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('internet', 'internet_push_messages') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('push_id') }} as push_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('campaign_code') }} as campaign_code,
        {{ huaxiang.parse_timestamp_utc('sent_at') }} as sent_at,
        {{ huaxiang.parse_timestamp_utc('opened_at') }} as opened_at,
        opened_at as opened_at_text,
        {{ huaxiang.raw_record_text([
            'push_id', 'account_id', 'member_id', 'campaign_code', 'sent_at',
            'opened_at'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        parsed.*,
        {{ huaxiang.key_rank(['parsed.push_id']) }} as duplicate_rank
    from parsed

),

final as (

    select
        push_id,
        account_id,
        member_id,
        campaign_code,
        sent_at,
        case when opened_at >= sent_at then opened_at end as opened_at,
        {{ huaxiang.issue_list({
            'opened_at_invalid':
                "opened_at_text is not null and "
                ~ "coalesce(opened_at < sent_at, true)",
        }) }} as field_issues,
        case
            when push_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            else {{ huaxiang.timestamp_quarantine_reason('sent_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
