{#- Telemetry of each linked device over the var device_health_window_days days
    up to the as-of date: one row per customer and device that reported. -#}

{%- set window_days = var('device_health_window_days', 30) | int %}

with

telemetry as (

    select * from {{ ref('stg_manufacturing__device_telemetry') }}

),

devices as (

    select * from {{ ref('int_manufacturing_devices_linked') }}

),

in_window as (

    select *
    from telemetry
    where reading_date > {{ huaxiang.as_of_date() }} - {{ window_days }}
        and reading_date <= {{ huaxiang.as_of_date() }}

),

per_device as (

    select
        serial_no,
        count(*) as days_reported,
        sum(case when error_count > 0 then 1 else 0 end) as days_with_errors,
        sum(error_count) as error_count,
        cast(avg(runtime_hours) as decimal(6, 2)) as avg_runtime_hours,
        max(reading_date) as last_reading_date
    from in_window
    group by serial_no

),

final as (

    select
        devices.customer_id,
        devices.serial_no,
        {{ window_days }} as window_days,
        per_device.days_reported,
        per_device.days_with_errors,
        per_device.error_count,
        per_device.avg_runtime_hours,
        per_device.last_reading_date
    from per_device
    inner join devices
        on per_device.serial_no = devices.serial_no

)

select * from final
