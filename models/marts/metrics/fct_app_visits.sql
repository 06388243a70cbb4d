{#-
    App visits of identified customers: one row per customer and local day
    with at least one app_open event (the base event of the metric
    app_visit_to_purchase_rate). One row per customer and day keeps
    MetricFlow's conversion join deterministic: the latest visit before a
    purchase is unique.
-#}

with

events as (

    select * from {{ ref('int_app_events_linked') }}

),

final as (

    select
        customer_id || '|' || cast(event_date as {{ dbt.type_string() }})
            as app_visit_id,
        customer_id,
        event_date as visit_date,
        count(*) as app_opens
    from events
    where event_type = 'app_open'
        and customer_id is not null
    group by customer_id, event_date

)

select * from final
