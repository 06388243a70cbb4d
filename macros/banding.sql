{#-
    Label of the band a number falls in, from ascending edges:
    edges [18, 25] gives '<18', '18-24', '25+'. Null stays null.
-#}
{% macro band_label(expr, edges) -%}
    {%- if edges | length == 0 -%}
        {{ exceptions.raise_compiler_error("band_label needs at least one edge") }}
    {%- endif -%}
    case
        when {{ expr }} is null then null
        when {{ expr }} < {{ edges[0] }} then '<{{ edges[0] }}'
        {%- for edge in edges[1:] %}
        when {{ expr }} < {{ edge }} then '{{ edges[loop.index0] }}-{{ edge - 1 }}'
        {%- endfor %}
        else '{{ edges[-1] }}+'
    end
{%- endmacro %}

{#- Whole years from a date to the as-of date (birthday not yet reached counts down). -#}
{% macro age_in_years(date_expr) -%}
    {#- Cast: dbt.datediff in years is a double on PostgreSQL, bigint on DuckDB. #}
    cast((
        {{ dbt.datediff(date_expr, huaxiang.as_of_date(), 'year') }}
        - case
            when extract(month from {{ date_expr }}) * 100 + extract(day from {{ date_expr }})
                > extract(month from {{ huaxiang.as_of_date() }}) * 100
                + extract(day from {{ huaxiang.as_of_date() }})
            then 1 else 0
        end
    ) as bigint)
{%- endmacro %}
