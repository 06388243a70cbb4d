{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('education', 'education_study_sessions') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('study_session_id') }} as study_session_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.parse_timestamp_utc('started_at') }} as started_at,
        {{ huaxiang.parse_integer('study_minutes') }} as study_minutes,
        {{ huaxiang.raw_record_text([
            'study_session_id', 'member_id', 'account_id', 'product_id',
            'started_at', 'study_minutes'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        parsed.*,
        {{ huaxiang.key_rank(['parsed.study_session_id']) }} as duplicate_rank
    from parsed

),

final as (

    select
        study_session_id,
        member_id,
        account_id,
        product_id,
        started_at,
        study_minutes,
        cast(null as {{ dbt.type_string() }}) as field_issues,
        case
            when study_session_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when study_minutes is null or study_minutes < 0
                then 'invalid_measurement'
            else {{ huaxiang.timestamp_quarantine_reason('started_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
