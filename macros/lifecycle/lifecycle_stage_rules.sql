{#-
    Rule (a SQL condition over the measured columns of dim_customer_lifecycle)
    for each stage code of seeds/lifecycle_stages.csv. Thresholds are dbt vars.
    Recency and tenure are days before the as-of date; "within N days" is
    "less than N days", as for active customers in the metric center.
    tests/assert_every_lifecycle_stage_has_a_rule.sql keeps codes and seed in step.
-#}
{% macro lifecycle_stage_rules() %}
{%- set active_days = var('active_window_days') %}
{%- set rules = {
    'prospect': 'last_purchase_date is null',
    'new': 'first_purchase_age_days < ' ~ var('lifecycle_new_days'),
    'reactivated': 'recency_days < ' ~ active_days
        ~ ' and previous_gap_days >= ' ~ var('lifecycle_reactivation_gap_days'),
    'growing': 'recency_days < ' ~ active_days
        ~ ' and purchases_recent >= 2'
        ~ ' and purchases_recent > purchases_prior',
    'mature': 'recency_days < ' ~ active_days
        ~ ' and first_purchase_age_days >= ' ~ var('lifecycle_mature_tenure_days')
        ~ ' and lifetime_purchases >= ' ~ var('lifecycle_mature_min_purchases'),
    'active': 'recency_days < ' ~ active_days,
    'at_risk': 'recency_days >= ' ~ active_days
        ~ ' and recency_days < ' ~ var('lifecycle_at_risk_days'),
    'dormant': 'recency_days >= ' ~ var('lifecycle_at_risk_days')
        ~ ' and recency_days < ' ~ var('lifecycle_dormant_days'),
    'churned': 'recency_days >= ' ~ var('lifecycle_dormant_days'),
} %}
{{ return(rules) }}
{% endmacro %}
