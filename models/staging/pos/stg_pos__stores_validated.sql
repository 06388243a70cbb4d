{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('pos', 'pos_stores') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('store_id') }} as store_id,
        {{ huaxiang.clean_name('store_name') }} as store_name,
        {{ huaxiang.clean_city('city') }} as city,
        lower({{ huaxiang.clean_text('store_type') }}) as store_type_raw,
        {{ huaxiang.parse_date('opened_date') }} as opened_date,
        {{ huaxiang.raw_record_text([
            'store_id', 'store_name', 'city', 'store_type', 'opened_date'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        *,
        {{ huaxiang.key_rank(['store_id']) }} as duplicate_rank
    from parsed

),

final as (

    select
        parsed.store_id,
        parsed.store_name,
        parsed.city,
        type_map.standard_value as store_type,
        parsed.opened_date,
        {{ huaxiang.issue_list({
            'store_type_unmapped':
                "type_map.standard_value is null and parsed.store_type_raw is not null",
        }) }} as field_issues,
        case
            when parsed.store_id is null then 'missing_key'
            when parsed.duplicate_rank > 1 then 'duplicate_row'
        end as quarantine_reason,
        parsed.duplicate_rank,
        parsed.raw_record
    from ranked as parsed
    left join standard_values as type_map
        on type_map.domain = 'store_type'
            and parsed.store_type_raw = type_map.raw_value

)

select * from final
