{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('education', 'education_interactions') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('interaction_id') }} as interaction_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('interaction_type') }})
            as interaction_type_raw,
        {{ huaxiang.parse_timestamp_utc('interacted_at') }} as interacted_at,
        {{ huaxiang.raw_record_text([
            'interaction_id', 'member_id', 'account_id', 'interaction_type',
            'interacted_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as interaction_type,
        {{ huaxiang.key_rank(['parsed.interaction_id']) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'interaction_type'
            and parsed.interaction_type_raw = type_map.raw_value

),

final as (

    select
        interaction_id,
        member_id,
        account_id,
        interaction_type,
        interacted_at,
        cast(null as {{ dbt.type_string() }}) as field_issues,
        case
            when interaction_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when interaction_type is null then 'unknown_action_type'
            else {{ huaxiang.timestamp_quarantine_reason('interacted_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
