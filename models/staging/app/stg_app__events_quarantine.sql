{{ huaxiang.select_quarantined_rows(
    ref('stg_app__events_validated'), 'app_events', 'event_id'
) }}
