{#-
    The measured values behind the manufacturing tags, one row per customer:
    devices owned (the latest purchase's line, channel and usage scenario),
    warranty, device telemetry over var device_health_window_days, service
    tickets and NPS answers, and spend. The rules of seeds/tag_catalog.csv
    (industry manufacturing) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'manufacturing') }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

devices as (

    select * from {{ ref('int_manufacturing_devices_linked') }}
    where purchase_date is null
        or purchase_date <= {{ huaxiang.as_of_date() }}

),

health as (

    select * from {{ ref('int_manufacturing_device_health_aggregated') }}

),

tickets as (

    select * from {{ ref('int_manufacturing_service_tickets_linked') }}
    where cast({{ huaxiang.utc_to_local('opened_at') }} as date)
        <= {{ huaxiang.as_of_date() }}

),

latest_devices as (

    select
        customer_id,
        product_line,
        purchase_channel,
        usage_scenario
    from (
        select
            customer_id,
            product_line,
            purchase_channel,
            usage_scenario,
            row_number() over (
                partition by customer_id
                order by purchase_date desc nulls last, serial_no asc
            ) as device_rank
        from devices
    ) as ranked
    where device_rank = 1

),

device_stats as (

    select
        customer_id,
        count(*) as devices_owned,
        max(
            {{ dbt.datediff('warranty_end_date', huaxiang.as_of_date(), 'day') }}
        ) as max_days_since_warranty_end,
        min(
            {{ dbt.datediff('purchase_date', huaxiang.as_of_date(), 'day') }}
        ) as newest_device_age_days
    from devices
    group by customer_id

),

health_stats as (

    select
        customer_id,
        max(
            cast(days_with_errors as {{ huaxiang.type_double() }}) / nullif(days_reported, 0)
        ) as max_error_day_share
    from health
    group by customer_id

),

ticket_stats as (

    select
        customer_id,
        sum(
            case when cast({{ huaxiang.utc_to_local('opened_at') }} as date)
                    > {{ dbt.dateadd('day', -1 * var('rfm_window_days'),
                        huaxiang.as_of_date()) }}
                    then 1
                else 0
            end
        ) as tickets_365d
    from tickets
    group by customer_id

),

latest_nps as (

    select
        customer_id,
        nps_score
    from (
        select
            customer_id,
            nps_score,
            row_number() over (
                partition by customer_id
                order by opened_at desc, ticket_id asc
            ) as answer_rank
        from tickets
        where nps_score is not null
    ) as ranked
    where answer_rank = 1

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        customers.lifetime_net_revenue_cny,
        cast(coalesce(device_stats.devices_owned, 0) as bigint) as devices_owned,
        latest_devices.product_line as latest_product_line,
        latest_devices.purchase_channel as latest_purchase_channel,
        latest_devices.usage_scenario as latest_usage_scenario,
        -1 * cast(device_stats.max_days_since_warranty_end as bigint)
            as days_to_warranty_end,
        cast(device_stats.newest_device_age_days as bigint)
            as newest_device_age_days,
        health_stats.max_error_day_share,
        cast(coalesce(ticket_stats.tickets_365d, 0) as bigint) as tickets_365d,
        cast(latest_nps.nps_score as bigint) as latest_nps_score
    from customers
    left join latest_devices
        on customers.customer_id = latest_devices.customer_id
    left join device_stats
        on customers.customer_id = device_stats.customer_id
    left join health_stats
        on customers.customer_id = health_stats.customer_id
    left join ticket_stats
        on customers.customer_id = ticket_stats.customer_id
    left join latest_nps
        on customers.customer_id = latest_nps.customer_id

)

select * from final
