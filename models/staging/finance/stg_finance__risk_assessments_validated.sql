{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('finance', 'finance_risk_assessments') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('assessment_id') }} as assessment_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('risk_level') }}) as risk_level_raw,
        {{ huaxiang.parse_integer('questionnaire_score') }}
            as questionnaire_score,
        questionnaire_score as questionnaire_score_text,
        {{ huaxiang.parse_timestamp_utc('assessed_at') }} as assessed_at,
        {{ huaxiang.raw_record_text([
            'assessment_id', 'member_id', 'account_id', 'risk_level',
            'questionnaire_score', 'assessed_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        level_map.standard_value as risk_level,
        {{ huaxiang.key_rank(['parsed.assessment_id']) }} as duplicate_rank
    from parsed
    left join standard_values as level_map
        on level_map.domain = 'risk_level'
            and parsed.risk_level_raw = level_map.raw_value

),

final as (

    select
        assessment_id,
        member_id,
        account_id,
        risk_level,
        case
            when questionnaire_score between 0 and 100
                then questionnaire_score
        end as questionnaire_score,
        assessed_at,
        {{ huaxiang.issue_list({
            'questionnaire_score_invalid':
                "questionnaire_score_text is not null and "
                ~ "coalesce(questionnaire_score not between 0 and 100, true)",
        }) }} as field_issues,
        case
            when assessment_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when risk_level is null then 'unknown_risk_level'
            else {{ huaxiang.timestamp_quarantine_reason('assessed_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
