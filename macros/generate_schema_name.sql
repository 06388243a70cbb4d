{#-
    Schemas are named after the layer (staging, intermediate, marts, reports,
    reference) so BI users see clean names; a custom schema is used as-is.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
