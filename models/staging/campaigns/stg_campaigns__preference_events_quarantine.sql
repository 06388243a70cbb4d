{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}
{{ huaxiang.select_quarantined_rows(
    ref('stg_campaigns__preference_events_validated'),
    'marketing_preferences',
    'preference_event_id'
) }}
