{#- Masked forms of personal data for public marts (PIPL: show only what is needed). -#}

{#- '+8613812348000' -> '138****8000'. -#}
{% macro mask_phone(expr) -%}
    case when {{ expr }} is not null
        then substr({{ expr }}, 4, 3) || '****' || right({{ expr }}, 4)
    end
{%- endmacro %}

{#- 'zhang.wei@qq.com' -> 'z***@qq.com'. -#}
{% macro mask_email(expr) -%}
    case when {{ expr }} is not null
        then left({{ expr }}, 1) || '***@' || {{ dbt.split_part(expr, "'@'", 2) }}
    end
{%- endmacro %}

{#- '张伟' -> '张*', 'Wei Zhang' -> 'W*'. -#}
{% macro mask_name(expr) -%}
    case when {{ expr }} is not null then left({{ expr }}, 1) || '*' end
{%- endmacro %}
