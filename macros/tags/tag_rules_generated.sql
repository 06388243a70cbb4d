{#- GENERATED from seeds/tag_catalog.csv by `make tags` (python -m
    huaxiang.tags). Do not edit: change the catalog and rerun. -#}

{#- The industries that have tags (a wide mart
    dim_customer_tags_<industry>). -#}
{% macro tag_industries() %}
    {{ return(['b2b', 'education', 'finance', 'healthcare', 'internet', 'manufacturing', 'retail']) }}
{% endmacro %}

{#- Industry -> its tags' rules as written in the catalog. -#}
{% macro tag_rules() %}
    {{ return({
        "b2b": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "company_size", "data_type": "varchar", "input_column": "employee_count", "params": {"edges": [50, 250, 1000], "values": ["small", "medium", "large", "enterprise"]}, "rule_type": "band", "value_type": "band"},
            {"code": "company_sector", "data_type": "varchar", "input_column": "sector", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "seat_utilisation_band", "data_type": "varchar", "input_column": "seat_utilisation", "params": {"edges": [0.5, 0.8], "values": ["low", "medium", "high"]}, "rule_type": "band", "value_type": "band"},
            {"code": "account_health", "data_type": "varchar", "input_column": "seat_utilisation", "params": {"cases": [{"all": [["has_company", "=", true], ["is_subscribed", "=", false]], "then": "churned"}, {"all": [["seat_utilisation", "<", 0.4]], "then": "at_risk"}, {"all": [["seat_utilisation", ">=", 0.8]], "then": "healthy"}, {"all": [["has_company", "=", true]], "then": "watch"}], "else": "no_account"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_expansion_opportunity", "data_type": "boolean", "input_column": "seat_utilisation", "params": {"all": [["seat_utilisation", ">=", 0.9], ["plan", "!=", "enterprise"], ["is_subscribed", "=", true]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "renewal_risk", "data_type": "varchar", "input_column": "days_to_renewal", "params": {"cases": [{"all": [["has_company", "=", true], ["is_subscribed", "=", false]], "then": "lapsed"}, {"all": [["days_to_renewal", "<=", 90], ["seat_utilisation", "<", 0.5]], "then": "high"}, {"all": [["days_to_renewal", "<=", 90]], "then": "medium"}, {"all": [["seat_utilisation", "<", 0.5]], "then": "medium"}, {"all": [["has_company", "=", true]], "then": "low"}], "else": "no_account"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_champion_engaged", "data_type": "boolean", "input_column": "contact_role", "params": {"all": [["contact_role", "=", "champion"], ["app_events_90d", ">=", 3]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "contact_role", "data_type": "varchar", "input_column": "contact_role", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "plan", "data_type": "varchar", "input_column": "plan", "params": {}, "rule_type": "copy", "value_type": "category"}
        ],
        "education": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "is_active_learner", "data_type": "boolean", "input_column": "longest_study_streak_30d", "params": {"all": [["longest_study_streak_30d", ">=", 3]], "vars": ["tag_active_learner_min_minutes"]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "course_preference", "data_type": "varchar", "input_column": "top_category_365d", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "study_time_slot", "data_type": "varchar", "input_column": "usual_study_hour_30d", "params": {"edges": [6, 12, 18, 22], "values": ["late_night", "morning", "afternoon", "evening", "late_night"]}, "rule_type": "band", "value_type": "band"},
            {"code": "completion_rate_band", "data_type": "varchar", "input_column": "lesson_completion_rate", "params": {"edges": [0.3, 0.7], "values": ["low", "medium", "high"]}, "rule_type": "band", "value_type": "band"},
            {"code": "social_interaction_index", "data_type": "varchar", "input_column": "interactions_30d", "params": {"edges": [1, 5, 20], "values": ["none", "low", "medium", "high"]}, "rule_type": "band", "value_type": "band"},
            {"code": "renewal_risk", "data_type": "varchar", "input_column": "days_to_next_expiry", "params": {"cases": [{"all": [["active_enrollments", "=", 0]], "then": "not_enrolled"}, {"all": [["days_to_next_expiry", "<=", 30], ["study_minutes_14d", "<", 60]], "then": "high"}, {"all": [["days_to_next_expiry", "<=", 60]], "then": "medium"}, {"all": [["study_minutes_14d", "<", 60]], "then": "medium"}], "else": "low"}, "rule_type": "case", "value_type": "category"},
            {"code": "study_intensity", "data_type": "varchar", "input_column": "study_minutes_30d", "params": {"edges": [1, 300, 900], "values": ["none", "light", "regular", "intensive"]}, "rule_type": "band", "value_type": "band"},
            {"code": "is_enrolled", "data_type": "boolean", "input_column": "active_enrollments", "params": {"all": [["active_enrollments", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "is_lapsing_learner", "data_type": "boolean", "input_column": "study_minutes_14d", "params": {"all": [["active_enrollments", ">=", 1], ["study_minutes_14d", "<", 1]]}, "rule_type": "condition", "value_type": "boolean"}
        ],
        "finance": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "aum_band", "data_type": "varchar", "input_column": "aum_cny", "params": {"edges": [1, 50000, 500000, 6000000], "values": ["none", "mass", "affluent", "wealthy", "private_banking"]}, "rule_type": "band", "value_type": "band"},
            {"code": "risk_appetite", "data_type": "varchar", "input_column": "risk_level", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "product_holding_band", "data_type": "varchar", "input_column": "product_types_held", "params": {"edges": [1, 2, 4], "values": ["none", "single", "multiple", "broad"]}, "rule_type": "band", "value_type": "band"},
            {"code": "has_wealth_product", "data_type": "boolean", "input_column": "wealth_management_balance_cny", "params": {"all": [["wealth_management_balance_cny", ">", 0]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "has_fund", "data_type": "boolean", "input_column": "fund_balance_cny", "params": {"all": [["fund_balance_cny", ">", 0]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "has_insurance", "data_type": "boolean", "input_column": "insurance_balance_cny", "params": {"all": [["insurance_balance_cny", ">", 0]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "has_credit_card", "data_type": "boolean", "input_column": "credit_card_accounts", "params": {"all": [["credit_card_accounts", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "has_loan", "data_type": "boolean", "input_column": "loan_accounts", "params": {"all": [["loan_accounts", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "digital_channel_use", "data_type": "varchar", "input_column": "digital_order_share_365d", "params": {"cases": [{"all": [["digital_order_share_365d", ">=", 0.8], ["app_events_90d", ">=", 1]], "then": "digital_first"}, {"all": [["digital_order_share_365d", ">=", 0.2]], "then": "hybrid"}, {"all": [["orders_365d", ">=", 1]], "then": "branch"}], "else": "inactive"}, "rule_type": "case", "value_type": "category"},
            {"code": "finance_lifecycle", "data_type": "varchar", "input_column": "days_since_first_order", "params": {"cases": [{"all": [["lifetime_orders", "=", 0], ["aum_cny", "<", 1]], "then": "dormant"}, {"all": [["days_since_first_order", "<", 90]], "then": "activation"}, {"all": [["recency_days", ">=", 180], ["app_events_90d", "<", 1]], "then": "dormant"}, {"all": [["aum_change_ratio", "<=", -0.3]], "then": "retention"}, {"all": [["recency_days", ">=", 90]], "then": "retention"}, {"all": [["aum_change_ratio", ">=", 0.1]], "then": "growth"}], "else": "stable"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_hnw_potential", "data_type": "boolean", "input_column": "aum_cny", "params": {"all": [["aum_cny", ">=", 300000], ["aum_cny", "<", 6000000], ["aum_change_ratio", ">=", 0.05]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "is_delinquent", "data_type": "boolean", "input_column": "max_days_past_due", "params": {"all": [["max_days_past_due", ">=", 30]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "credit_band", "data_type": "varchar", "input_column": "max_days_past_due", "params": {"cases": [{"all": [["max_days_past_due", ">=", 90]], "then": "poor"}, {"all": [["max_days_past_due", ">=", 30]], "then": "weak"}, {"all": [["max_utilisation_ratio", ">=", 0.8]], "then": "fair"}, {"all": [["credit_card_accounts", ">=", 1]], "then": "good"}, {"all": [["loan_accounts", ">=", 1]], "then": "good"}], "else": "no_history"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_churn_warning", "data_type": "boolean", "input_column": "aum_change_ratio", "params": {"all": [["aum_previous_cny", ">=", 10000], ["aum_change_ratio", "<=", -0.3]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "app_engagement_band", "data_type": "varchar", "input_column": "app_events_90d", "params": {"edges": [1, 3, 6], "values": ["none", "light", "medium", "heavy"]}, "rule_type": "band", "value_type": "band"}
        ],
        "healthcare": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "visit_frequency", "data_type": "varchar", "input_column": "visits_365d", "params": {"edges": [1, 2, 5, 12], "values": ["none", "once", "occasional", "regular", "frequent"]}, "rule_type": "band", "value_type": "band"},
            {"code": "department_preference", "data_type": "varchar", "input_column": "top_department_365d", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "chronic_condition_band", "data_type": "varchar", "input_column": "chronic_condition_count", "params": {"edges": [1, 2, 3], "values": ["none", "one", "two", "three_plus"]}, "rule_type": "band", "value_type": "band"},
            {"code": "has_abnormal_indicator", "data_type": "boolean", "input_column": "abnormal_results_180d", "params": {"all": [["abnormal_results_180d", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "follow_up_compliance", "data_type": "varchar", "input_column": "follow_up_completion_rate", "params": {"cases": [{"all": [["follow_ups_due_365d", "=", 0]], "then": "not_applicable"}, {"all": [["follow_up_completion_rate", ">=", 0.8]], "then": "compliant"}, {"all": [["follow_up_completion_rate", ">=", 0.5]], "then": "partial"}], "else": "non_compliant"}, "rule_type": "case", "value_type": "category"},
            {"code": "health_risk_level", "data_type": "varchar", "input_column": "chronic_condition_count", "params": {"cases": [{"all": [["chronic_condition_count", ">=", 2], ["abnormal_results_180d", ">=", 1]], "then": "high"}, {"all": [["chronic_condition_count", ">=", 3]], "then": "high"}, {"all": [["chronic_condition_count", ">=", 1]], "then": "medium"}, {"all": [["abnormal_results_180d", ">=", 2]], "then": "medium"}], "else": "low"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_programme_eligible", "data_type": "boolean", "input_column": "chronic_condition_count", "params": {"all": [["chronic_condition_count", ">=", 1], ["age_band", "!=", "unknown"]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "has_annual_checkup", "data_type": "boolean", "input_column": "checkups_365d", "params": {"all": [["checkups_365d", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "app_engagement_band", "data_type": "varchar", "input_column": "app_events_90d", "params": {"edges": [1, 3, 6], "values": ["none", "light", "medium", "heavy"]}, "rule_type": "band", "value_type": "band"}
        ],
        "internet": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "activity_level", "data_type": "varchar", "input_column": "active_days_30d", "params": {"cases": [{"all": [["active_days_30d", ">=", 20]], "then": "daily_active"}, {"all": [["active_days_7d", ">=", 1]], "then": "weekly_active"}, {"all": [["active_days_30d", ">=", 1]], "then": "monthly_active"}], "else": "inactive"}, "rule_type": "case", "value_type": "category"},
            {"code": "content_interest", "data_type": "varchar", "input_column": "top_content_category_90d", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "active_time_of_day", "data_type": "varchar", "input_column": "peak_local_hour_90d", "params": {"edges": [6, 12, 18, 23], "values": ["night", "morning", "afternoon", "evening", "night"]}, "rule_type": "band", "value_type": "band"},
            {"code": "signup_cohort", "data_type": "varchar", "input_column": "signup_cohort", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "engagement_depth", "data_type": "varchar", "input_column": "items_per_session_90d", "params": {"edges": [3, 8], "values": ["shallow", "medium", "deep"]}, "rule_type": "band", "value_type": "band"},
            {"code": "social_influence", "data_type": "varchar", "input_column": "shares_invites_90d", "params": {"edges": [1, 3, 10], "values": ["none", "low", "medium", "high"]}, "rule_type": "band", "value_type": "band"},
            {"code": "is_paying_user", "data_type": "boolean", "input_column": "lifetime_orders", "params": {"all": [["lifetime_orders", ">=", 1]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "push_responsiveness", "data_type": "varchar", "input_column": "push_open_rate_90d", "params": {"cases": [{"all": [["pushes_90d", "=", 0]], "then": "not_reached"}, {"all": [["push_open_rate_90d", ">=", 0.3]], "then": "responsive"}, {"all": [["push_open_rate_90d", ">=", 0.1]], "then": "occasional"}], "else": "unresponsive"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_churn_warning", "data_type": "boolean", "input_column": "active_days_30d", "params": {"all": [["active_days_30d", "<", 1], ["sessions_90d", ">=", 5]]}, "rule_type": "condition", "value_type": "boolean"}
        ],
        "manufacturing": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "product_line_owned", "data_type": "varchar", "input_column": "latest_product_line", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "usage_scenario", "data_type": "varchar", "input_column": "latest_usage_scenario", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "purchase_channel", "data_type": "varchar", "input_column": "latest_purchase_channel", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "warranty_status", "data_type": "varchar", "input_column": "days_to_warranty_end", "params": {"cases": [{"all": [["days_to_warranty_end", ">=", 90]], "then": "in_warranty"}, {"all": [["days_to_warranty_end", ">=", 0]], "then": "expiring"}, {"all": [["days_to_warranty_end", "<", 0]], "then": "expired"}], "else": "unknown"}, "rule_type": "case", "value_type": "category"},
            {"code": "device_fault_risk", "data_type": "varchar", "input_column": "max_error_day_share", "params": {"edges": [0.05, 0.2], "values": ["low", "medium", "high"]}, "rule_type": "band", "value_type": "band"},
            {"code": "service_ticket_frequency", "data_type": "varchar", "input_column": "tickets_365d", "params": {"edges": [1, 2, 4], "values": ["none", "once", "occasional", "frequent"]}, "rule_type": "band", "value_type": "band"},
            {"code": "satisfaction_nps", "data_type": "varchar", "input_column": "latest_nps_score", "params": {"cases": [{"all": [["latest_nps_score", ">=", 9]], "then": "promoter"}, {"all": [["latest_nps_score", ">=", 7]], "then": "passive"}, {"all": [["latest_nps_score", ">=", 0]], "then": "detractor"}], "else": "not_surveyed"}, "rule_type": "case", "value_type": "category"},
            {"code": "is_upgrade_candidate", "data_type": "boolean", "input_column": "newest_device_age_days", "params": {"all": [["newest_device_age_days", ">=", 1460], ["days_to_warranty_end", "<", 0]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "is_high_value_account", "data_type": "boolean", "input_column": "lifetime_net_revenue_cny", "params": {"all": [["lifetime_net_revenue_cny", ">=", 15000], ["devices_owned", ">=", 2]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "devices_owned_band", "data_type": "varchar", "input_column": "devices_owned", "params": {"edges": [1, 2, 4], "values": ["none", "one", "few", "many"]}, "rule_type": "band", "value_type": "band"}
        ],
        "retail": [
            {"code": "age_band", "data_type": "varchar", "input_column": "age_band", "params": {"vars": ["age_band_edges"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "gender", "data_type": "varchar", "input_column": "gender", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "city_tier", "data_type": "varchar", "input_column": "city_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "member_tier", "data_type": "varchar", "input_column": "member_tier", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "growth_value_band", "data_type": "varchar", "input_column": "monetary_365d_cny", "params": {"edges": [1, 1000, 5000, 20000], "values": ["none", "low", "medium", "high", "top"]}, "rule_type": "band", "value_type": "band"},
            {"code": "purchase_frequency_band", "data_type": "varchar", "input_column": "frequency_365d", "params": {"edges": [1, 2, 4, 12], "values": ["none", "once", "occasional", "regular", "frequent"]}, "rule_type": "band", "value_type": "band"},
            {"code": "is_repurchaser", "data_type": "boolean", "input_column": "frequency_365d", "params": {"all": [["frequency_365d", ">=", 2]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "category_preference", "data_type": "varchar", "input_column": "top_category_365d", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "avg_order_value_band", "data_type": "varchar", "input_column": "avg_order_value_cny", "params": {"edges": [100, 300, 800], "values": ["low", "medium", "high", "premium"]}, "rule_type": "band", "value_type": "band"},
            {"code": "is_promotion_sensitive", "data_type": "boolean", "input_column": "promo_order_share_365d", "params": {"all": [["promo_order_share_365d", ">=", 0.5], ["frequency_365d", ">=", 3]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "channel_preference", "data_type": "varchar", "input_column": "channel_preference", "params": {"vars": ["channel_online_share_min", "channel_offline_share_max"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "is_churn_risk", "data_type": "boolean", "input_column": "recency_days", "params": {"all": [["recency_days", ">=", 120], ["lifetime_orders", ">=", 2]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "is_mother_baby_shopper", "data_type": "boolean", "input_column": "mother_baby_orders_365d", "params": {"all": [["mother_baby_orders_365d", ">=", 2]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "rfm_segment", "data_type": "varchar", "input_column": "segment_code", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "app_engagement_band", "data_type": "varchar", "input_column": "app_events_90d", "params": {"edges": [1, 3, 6], "values": ["none", "light", "medium", "heavy"]}, "rule_type": "band", "value_type": "band"},
            {"code": "is_high_value_loyal", "data_type": "boolean", "input_column": "monetary_365d_cny", "params": {"all": [["monetary_365d_cny", ">=", 5000], ["frequency_365d", ">=", 4]]}, "rule_type": "condition", "value_type": "boolean"},
            {"code": "churn_risk_band", "data_type": "varchar", "input_column": "churn_risk_band", "params": {"vars": ["churn_risk_band_min_probability"]}, "rule_type": "copy", "value_type": "band"},
            {"code": "cluster_persona", "data_type": "varchar", "input_column": "cluster_rule_code", "params": {}, "rule_type": "copy", "value_type": "category"},
            {"code": "clv_band", "data_type": "varchar", "input_column": "clv_cny", "params": {"edges": [500, 1500, 3000], "values": ["low", "medium", "high", "top"]}, "rule_type": "band", "value_type": "band"},
            {"code": "lifecycle_stage", "data_type": "varchar", "input_column": "lifecycle_stage", "params": {"vars": ["lifecycle_new_days", "lifecycle_at_risk_days", "lifecycle_dormant_days", "lifecycle_reactivation_gap_days", "lifecycle_growth_window_days", "lifecycle_mature_tenure_days", "lifecycle_mature_min_purchases"]}, "rule_type": "copy", "value_type": "category"},
            {"code": "campaign_responsiveness", "data_type": "varchar", "input_column": "campaign_messages_365d", "params": {"cases": [{"all": [["campaign_conversions_365d", ">=", 1]], "then": "responsive"}, {"all": [["campaign_messages_365d", ">=", 2]], "then": "unresponsive"}, {"all": [["campaign_messages_365d", ">=", 1]], "then": "low_exposure"}], "else": "not_contacted"}, "rule_type": "case", "value_type": "category"},
            {"code": "preferred_marketing_channel", "data_type": "varchar", "input_column": "preferred_marketing_channel", "params": {}, "rule_type": "copy", "value_type": "category"}
        ]
    }) }}
{% endmacro %}
