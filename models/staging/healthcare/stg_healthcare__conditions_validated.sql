{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('healthcare', 'healthcare_conditions') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('condition_id') }} as condition_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('condition_code') }}) as condition_code_raw,
        {{ huaxiang.parse_date('diagnosed_date') }} as diagnosed_date,
        {{ huaxiang.raw_record_text([
            'condition_id', 'member_id', 'account_id', 'condition_code',
            'diagnosed_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        code_map.standard_value as condition_code,
        {{ huaxiang.key_rank(['parsed.condition_id']) }} as duplicate_rank
    from parsed
    left join standard_values as code_map
        on code_map.domain = 'chronic_condition'
            and parsed.condition_code_raw = code_map.raw_value

),

final as (

    select
        condition_id,
        member_id,
        account_id,
        condition_code,
        diagnosed_date,
        cast(null as {{ dbt.type_string() }}) as field_issues,
        case
            when condition_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when condition_code is null then 'unknown_condition_code'
            when diagnosed_date is null then 'invalid_date'
            when diagnosed_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
