{#-
    One row per app event with the resolved customer (the device's identity
    record; null when the device links to no customer). Incremental: new and
    late events within var('incremental_lookback_days') and events whose
    customer changed are (re)loaded (macros/incremental/incremental_window.sql).
-#}

{{ config(
    materialized=huaxiang.incremental_materialization(),
    unique_key='event_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_incremental_unless_later_day('event_date') }}",
) }}

with

app_events as (

    select * from {{ ref('stg_app__events') }}

),

records as (

    select
        record_key,
        customer_id
    from {{ ref('int_identity_records_clustered') }}

),

final as (

    select
        app_events.event_id,
        records.customer_id,
        app_events.device_id,
        app_events.platform,
        app_events.event_type,
        app_events.product_id,
        app_events.category,
        app_events.event_at,
        cast({{ huaxiang.utc_to_local('app_events.event_at') }} as date)
            as event_date,
        app_events.login_account_id is not null
        or app_events.login_phone is not null as is_logged_in,
        records.customer_id is null as is_anonymous
    from app_events
    left join records
        on 'app:' || app_events.device_id = records.record_key

)

{{ huaxiang.select_incremental_rows('final', 'event_id', 'event_at') }}
