{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text(
        'manufacturing', 'manufacturing_device_telemetry'
    ) }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('serial_no') }} as serial_no,
        {{ huaxiang.parse_date('reading_date') }} as reading_date,
        {{ huaxiang.parse_integer('error_count') }} as error_count,
        cast(
            {{ huaxiang.parse_amount('runtime_hours') }} as decimal(6, 2)
        ) as runtime_hours,
        {{ huaxiang.raw_record_text([
            'serial_no', 'reading_date', 'error_count', 'runtime_hours'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        parsed.*,
        {{ huaxiang.key_rank(['parsed.serial_no', 'parsed.reading_date']) }}
            as duplicate_rank
    from parsed

),

final as (

    select
        serial_no,
        reading_date,
        error_count,
        runtime_hours,
        cast(null as {{ dbt.type_string() }}) as field_issues,
        case
            when serial_no is null then 'missing_key'
            when reading_date is null then 'invalid_date'
            when duplicate_rank > 1 then 'duplicate_row'
            when reading_date > {{ huaxiang.as_of_date() }} then 'future_date'
            when error_count is null or error_count < 0
                or runtime_hours is null
                or runtime_hours not between 0 and 24
                then 'invalid_measurement'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
