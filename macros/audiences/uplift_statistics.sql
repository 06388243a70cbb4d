{#-
    Portable statistics for campaign evaluation (plain arithmetic, sqrt, exp,
    ln: the same on DuckDB, PostgreSQL and Spark). The Python twin in
    huaxiang.audiences.evaluation uses the same formulas; a test proves the
    SQL model equals it on the built data.
-#}

{#- Two-sided p-value of a standard normal statistic z: 1 - erf(|z|/sqrt 2),
    with Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). -#}
{% macro two_sided_p_value(z) -%}
    {%- set x = "(abs(" ~ z ~ ") / sqrt(2.0))" -%}
    {%- set t = "(1.0 / (1.0 + 0.3275911 * " ~ x ~ "))" -%}
    (
        {{ t }} * (0.254829592 + {{ t }} * (-0.284496736 + {{ t }}
        * (1.421413741 + {{ t }} * (-1.453152027 + {{ t }} * 1.061405429))))
        * exp(-1.0 * {{ x }} * {{ x }})
    )
{%- endmacro %}

{#- x / y, null when y is zero or null. -#}
{% macro safe_ratio(x, y) -%}
    (({{ x }}) / nullif({{ y }}, 0))
{%- endmacro %}
