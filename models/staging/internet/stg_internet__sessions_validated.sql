{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('internet', 'internet_sessions') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('session_id') }} as session_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.parse_timestamp_utc('started_at') }} as started_at,
        {{ huaxiang.parse_integer('duration_seconds') }} as duration_seconds,
        lower({{ huaxiang.clean_text('content_category') }})
            as content_category_raw,
        {{ huaxiang.parse_integer('items_viewed') }} as items_viewed,
        {{ huaxiang.raw_record_text([
            'session_id', 'account_id', 'member_id', 'started_at',
            'duration_seconds', 'content_category', 'items_viewed'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        category_map.standard_value as content_category,
        {{ huaxiang.key_rank(['parsed.session_id']) }} as duplicate_rank
    from parsed
    left join standard_values as category_map
        on category_map.domain = 'content_category'
            and parsed.content_category_raw = category_map.raw_value

),

final as (

    select
        session_id,
        account_id,
        member_id,
        started_at,
        duration_seconds,
        content_category,
        items_viewed,
        {{ huaxiang.issue_list({
            'content_category_unmapped':
                "content_category is null and content_category_raw is not null",
        }) }} as field_issues,
        case
            when session_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when duration_seconds is null or duration_seconds < 0
                then 'invalid_measurement'
            else {{ huaxiang.timestamp_quarantine_reason('started_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
