{#- GENERATED from seeds/tag_catalog.csv by `make tags` (python -m
    huaxiang.tags). Do not edit: change the catalog and rerun. -#}

{#- The industries that have tags (a wide mart
    dim_customer_tags_<industry>). -#}
{% macro tag_industries() %}
    {{ return(['retail']) }}
{% endmacro %}

{#- Industry -> its tags' rules as written in the catalog. -#}
{% macro tag_rules() %}
    {{ return({
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
            {"code": "is_high_value_loyal", "data_type": "boolean", "input_column": "monetary_365d_cny", "params": {"all": [["monetary_365d_cny", ">=", 5000], ["frequency_365d", ">=", 4]]}, "rule_type": "condition", "value_type": "boolean"}
        ]
    }) }}
{% endmacro %}
