{#-
    Settings that a user may give either as a dbt var (--vars) or as an
    environment variable. dbt does not render env_var() inside project vars,
    so the fallback lives here, in one place.
-#}

{#- Business date of the profiles, as a SQL date literal expression. -#}
{% macro as_of_date() -%}
    cast('{{ huaxiang.as_of_date_text() }}' as date)
{%- endmacro %}

{#- Business date of the profiles as 'YYYY-MM-DD' text (validated). -#}
{% macro as_of_date_text() -%}
    {%- set value = var('as_of_date', env_var('HUAXIANG_AS_OF_DATE', '2026-06-30')) | string -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "as_of_date must be YYYY-MM-DD, got '" ~ value ~ "'. Set it with "
            ~ "--vars '{as_of_date: 2026-06-30}' or HUAXIANG_AS_OF_DATE."
        ) }}
    {%- endif -%}
    {{- value -}}
{%- endmacro %}

{#- Which identity resolver feeds the customer master: 'scipy' or 'sql'. -#}
{% macro identity_resolver() -%}
    {%- set value = var(
        'identity_resolver', env_var('HUAXIANG_IDENTITY_RESOLVER', 'auto')
    ) | lower -%}
    {%- if value not in ['auto', 'scipy', 'sql'] -%}
        {{ exceptions.raise_compiler_error(
            "identity_resolver must be auto, scipy or sql, got '" ~ value ~ "'."
        ) }}
    {%- endif -%}
    {%- if value == 'auto' -%}
        {{- 'scipy' if target.type == 'duckdb' else 'sql' -}}
    {%- else -%}
        {{- value -}}
    {%- endif -%}
{%- endmacro %}

{#- Which industry profile the warehouse is built for (drives the tag marts and
    the industry-specific sources). Keep the list equal to seeds/industries.csv
    (a test checks it). -#}
{% macro industry() -%}
    {%- set value = var('industry', env_var('HUAXIANG_INDUSTRY', 'retail')) | lower -%}
    {%- set known = huaxiang.known_industries() -%}
    {%- if value not in known -%}
        {{ exceptions.raise_compiler_error(
            "industry must be one of " ~ known | join(', ') ~ ", got '" ~ value
            ~ "'. Set it with --vars '{industry: retail}' or HUAXIANG_INDUSTRY."
        ) }}
    {%- endif -%}
    {{- value -}}
{%- endmacro %}

{#- The industry codes industry() accepts (seeds/industries.csv documents them). -#}
{% macro known_industries() -%}
    {{ return(['retail', 'finance', 'manufacturing', 'healthcare', 'internet', 'education', 'b2b']) }}
{%- endmacro %}
