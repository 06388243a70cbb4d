{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('b2b', 'b2b_companies') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('company_id') }} as company_id,
        {{ huaxiang.clean_text('company_name') }} as company_name,
        lower({{ huaxiang.clean_text('sector') }}) as sector_raw,
        {{ huaxiang.parse_integer('employee_count') }} as employee_count,
        employee_count as employee_count_text,
        {{ huaxiang.clean_city('city') }} as city,
        {{ huaxiang.parse_date('created_date') }} as created_date,
        created_date as created_date_text,
        {{ huaxiang.raw_record_text([
            'company_id', 'company_name', 'sector', 'employee_count', 'city',
            'created_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        sector_map.standard_value as sector,
        {{ huaxiang.key_rank(['parsed.company_id']) }} as duplicate_rank
    from parsed
    left join standard_values as sector_map
        on sector_map.domain = 'company_sector'
            and parsed.sector_raw = sector_map.raw_value

),

final as (

    select
        company_id,
        company_name,
        sector,
        case when employee_count > 0 then employee_count end as employee_count,
        city,
        created_date,
        {{ huaxiang.issue_list({
            'sector_unmapped': "sector is null and sector_raw is not null",
            'employee_count_invalid':
                "employee_count_text is not null and "
                ~ "coalesce(employee_count <= 0, true)",
            'created_date_invalid':
                "created_date is null and created_date_text is not null",
        }) }} as field_issues,
        case
            when company_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
