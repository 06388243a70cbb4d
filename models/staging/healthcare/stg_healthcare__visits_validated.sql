{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('healthcare', 'healthcare_visits') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('visit_id') }} as visit_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('store_id') }} as store_id,
        lower({{ huaxiang.clean_text('department') }}) as department_raw,
        lower({{ huaxiang.clean_text('visit_type') }}) as visit_type_raw,
        {{ huaxiang.parse_timestamp_utc('visited_at') }} as visited_at,
        {{ huaxiang.raw_record_text([
            'visit_id', 'member_id', 'account_id', 'store_id', 'department',
            'visit_type', 'visited_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        department_map.standard_value as department,
        type_map.standard_value as visit_type,
        {{ huaxiang.key_rank(['parsed.visit_id']) }} as duplicate_rank
    from parsed
    left join standard_values as department_map
        on department_map.domain = 'department'
            and parsed.department_raw = department_map.raw_value
    left join standard_values as type_map
        on type_map.domain = 'visit_type'
            and parsed.visit_type_raw = type_map.raw_value

),

final as (

    select
        visit_id,
        member_id,
        account_id,
        store_id,
        department,
        visit_type,
        visited_at,
        {{ huaxiang.issue_list({
            'department_unmapped':
                "department is null and department_raw is not null",
            'visit_type_unmapped':
                "visit_type is null and visit_type_raw is not null",
        }) }} as field_issues,
        case
            when visit_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            else {{ huaxiang.timestamp_quarantine_reason('visited_at') }}
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
