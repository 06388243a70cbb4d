{#-
    A deterministic number in [0, 1) from a text expression: the first eight
    hex digits of its md5 read as an integer, divided by 16^8. Portable (md5
    via dbt.hash, hex digits via position, no engine-specific hex parsing), so
    DuckDB, PostgreSQL and Spark give the same value; Python gives it as
    int(md5(text).hexdigest()[:8], 16) / 16**8 (huaxiang.audiences.hash_unit).
    Used for holdout assignment: stable across reruns for one customer and
    campaign, independent between campaigns.
-#}
{% macro hash_unit(expr) -%}
    {{ huaxiang.hex_unit(dbt.hash(expr)) }}
{%- endmacro %}

{#- The same number from an md5 hex digest already computed (a column). -#}
{% macro hex_unit(hex_expr) -%}
    (
    {%- for i in range(8) %}
        (
            {{ dbt.position(
                "substring(" ~ hex_expr ~ ", " ~ (i + 1) ~ ", 1)",
                "'0123456789abcdef'"
            ) }} - 1
        ) * {{ 16 ** (7 - i) }}.0
        {%- if not loop.last %} +{% endif %}
    {%- endfor %}
    ) / {{ 16 ** 8 }}.0
{%- endmacro %}
