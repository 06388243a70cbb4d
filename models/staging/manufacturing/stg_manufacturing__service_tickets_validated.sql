{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text(
        'manufacturing', 'manufacturing_service_tickets'
    ) }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('ticket_id') }} as ticket_id,
        {{ huaxiang.normalize_key('serial_no') }} as serial_no,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('ticket_type') }}) as ticket_type_raw,
        {{ huaxiang.parse_timestamp_utc('opened_at') }} as opened_at,
        {{ huaxiang.parse_timestamp_utc('closed_at') }} as closed_at,
        closed_at as closed_at_text,
        {{ huaxiang.parse_integer('nps_score') }} as nps_score,
        nps_score as nps_score_text,
        {{ huaxiang.raw_record_text([
            'ticket_id', 'serial_no', 'member_id', 'account_id', 'ticket_type',
            'opened_at', 'closed_at', 'nps_score'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as ticket_type,
        {{ huaxiang.key_rank(['parsed.ticket_id']) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'ticket_type'
            and parsed.ticket_type_raw = type_map.raw_value

),

final as (

    select
        ticket_id,
        serial_no,
        member_id,
        account_id,
        ticket_type,
        opened_at,
        case when closed_at >= opened_at then closed_at end as closed_at,
        case when nps_score between 0 and 10 then nps_score end as nps_score,
        {{ huaxiang.issue_list({
            'closed_at_invalid':
                "closed_at_text is not null and "
                ~ "coalesce(closed_at < opened_at, true)",
            'nps_score_invalid':
                "nps_score_text is not null and "
                ~ "coalesce(nps_score not between 0 and 10, true)",
        }) }} as field_issues,
        case
            when ticket_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null and serial_no is null
                then 'missing_customer_ref'
            when ticket_type is null then 'unknown_ticket_type'
            else {{ huaxiang.timestamp_quarantine_reason('opened_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
