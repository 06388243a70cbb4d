{#-
    App events with the resolved customer (built incrementally in
    int_app_events_linked; this is its public, contracted form for BI: a
    view, so a refresh copies nothing).
    The device id stays in intermediate: BI groups by customer.
-#}

with

events as (

    select * from {{ ref('int_app_events_linked') }}

),

final as (

    select
        event_id,
        customer_id,
        platform,
        event_type,
        product_id,
        category,
        event_at,
        event_date,
        is_logged_in,
        is_anonymous
    from events

)

select * from final
