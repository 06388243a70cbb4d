{#-
    The tags as a long table for filtering and audience building: one row per
    customer and tag with a value (customer_id, industry, tag_code, tag_value,
    computed_at). Built from the wide mart of the industry being built (var
    industry); empty when that industry has no tags in the catalog yet.
-#}

{%- set industry = huaxiang.industry() %}

{%- if industry in huaxiang.tag_industries() %}

with

wide as (

    select * from {{ ref('dim_customer_tags_' ~ industry) }}

),

final as (

    {{- huaxiang.tags_unpivoted('wide', industry) }}

)

select * from final

{%- else %}

select
    cast(null as {{ dbt.type_string() }}) as customer_id,
    cast(null as {{ dbt.type_string() }}) as industry,
    cast(null as {{ dbt.type_string() }}) as tag_code,
    cast(null as {{ dbt.type_string() }}) as tag_value,
    cast(null as {{ dbt.type_timestamp() }}) as computed_at
where 1 = 0

{%- endif %}
