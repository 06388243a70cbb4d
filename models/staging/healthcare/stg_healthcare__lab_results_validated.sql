{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('healthcare', 'healthcare_lab_results') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('result_id') }} as result_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('test_code') }}) as test_code_raw,
        {{ huaxiang.parse_amount('result_value') }} as result_value,
        {{ huaxiang.clean_text('unit') }} as unit,
        lower({{ huaxiang.clean_text('abnormal_flag') }}) as abnormal_flag_raw,
        {{ huaxiang.parse_timestamp_utc('tested_at') }} as tested_at,
        {{ huaxiang.raw_record_text([
            'result_id', 'member_id', 'account_id', 'test_code',
            'result_value', 'unit', 'abnormal_flag', 'tested_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        test_map.standard_value as test_code,
        flag_map.standard_value as abnormal_flag,
        {{ huaxiang.key_rank(['parsed.result_id']) }} as duplicate_rank
    from parsed
    left join standard_values as test_map
        on test_map.domain = 'lab_test'
            and parsed.test_code_raw = test_map.raw_value
    left join standard_values as flag_map
        on flag_map.domain = 'abnormal_flag'
            and parsed.abnormal_flag_raw = flag_map.raw_value

),

final as (

    select
        result_id,
        member_id,
        account_id,
        test_code,
        result_value,
        unit,
        abnormal_flag,
        tested_at,
        {{ huaxiang.issue_list({
            'abnormal_flag_unmapped':
                "abnormal_flag is null and abnormal_flag_raw is not null",
        }) }} as field_issues,
        case
            when result_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when test_code is null then 'unknown_test_code'
            when result_value is null then 'invalid_measurement'
            else {{ huaxiang.timestamp_quarantine_reason('tested_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
