{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}
{{ huaxiang.select_quarantined_rows(
    ref('stg_campaigns__responses_validated'),
    'campaign_responses',
    'response_id'
) }}
