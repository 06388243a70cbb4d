{#-
    Where a scoring model reads a Python fit's output. On adapters that run
    dbt Python models (var python_model_adapters) it is the Python model; on
    the others the Python models are disabled and the fit's output comes from
    the file a DuckDB fit exported (`make export-params`, source model_params),
    typed by its staging model (README "PostgreSQL and Spark").
-#}
{% macro python_fit_ref(python_model, exported_model) -%}
    {%- if python_model is not string or exported_model is not string -%}
        {{ exceptions.raise_compiler_error(
            "python_fit_ref: pass two model names, e.g. "
            ~ "python_fit_ref('int_clv_parameters_fitted', "
            ~ "'stg_model_params__clv_parameters')"
        ) }}
    {%- endif -%}
    {%- if target.type in var('python_model_adapters') -%}
        {{ return(ref(python_model)) }}
    {%- else -%}
        {{ return(ref(exported_model)) }}
    {%- endif -%}
{%- endmacro %}
