{#- GENERATED from seeds/tag_catalog.csv by `make tags`: the industries
    that have tags (a wide mart dim_customer_tags_<industry>). Do not edit. -#}
{% macro tag_industries() %}
    {{ return(['retail']) }}
{% endmacro %}
