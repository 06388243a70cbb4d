{#-
    The tags as a long table for filtering and audience building: one row per
    customer and tag with a value (customer_id, industry, tag_code, tag_value,
    computed_at). Built from the wide mart of the industry being built (var
    industry); empty when that industry has no tags in the catalog yet.
-#}

{%- set industry = huaxiang.industry() %}
{%- set wide_relation = none %}
{%- if industry in huaxiang.tag_industries() %}
    {%- set wide_relation = ref('dim_customer_tags_' ~ industry) %}
{%- endif %}

with

final as (

    {{ huaxiang.tags_unpivoted(wide_relation, industry) | indent(4) }}

)

select * from final
