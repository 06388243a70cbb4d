{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}
{{ huaxiang.select_clean_rows(ref('stg_campaigns__responses_validated')) }}
