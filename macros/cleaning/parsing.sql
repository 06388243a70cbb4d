{#-
    Parsers for the text columns of raw files. Each returns a typed value or
    null; staging models turn a null from a non-empty input into an issue code
    or a quarantine reason, so nothing is dropped silently.
-#}

{#-
    Timestamp in UTC from a local-time text. Accepts 'YYYY-MM-DD HH:MM[:SS]',
    'YYYY/MM/DD HH:MM[:SS]', 'YYYY-MM-DD' (midnight), ISO 8601 with 'T' and an
    explicit offset (+08:00, Z) and 13-digit epoch milliseconds (already UTC).
    Values without a zone are shifted by var('source_utc_offset_hours').
-#}
{% macro parse_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'huaxiang')(expr)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expr) -%}
    {{ exceptions.raise_compiler_error(
        "parse_timestamp_utc has no variant for adapter '" ~ adapter.type()
        ~ "'. Add " ~ adapter.type() ~ "__parse_timestamp_utc in "
        ~ "macros/cleaning/parsing.sql."
    ) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp_utc(expr) -%}
    {#- The cleaned text is bound once to the lambda variable t: written
        inline it would be re-evaluated in each of the ~12 places below
        (DuckDB does not share common subexpressions), 20x slower. #}
    {%- set t = 't' -%}
    {%- set offset_hours = var('source_utc_offset_hours') | int -%}
    list_transform([{{ huaxiang.clean_text(expr) }}], lambda t:
    case
        {#- Epoch milliseconds are an instant: no local offset applies. #}
        when regexp_full_match({{ t }}, '[0-9]{13}')
            then epoch_ms(cast({{ t }} as bigint))
        {#- ISO 8601 with its own offset: shift by that offset, not ours. #}
        when regexp_full_match(
            {{ t }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z'
        )
            then try_strptime(left({{ t }}, 19), '%Y-%m-%dT%H:%M:%S')
        when regexp_full_match(
            {{ t }},
            '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?[+-][0-9]{2}:?[0-9]{2}'
        )
            then try_strptime(left({{ t }}, 19), '%Y-%m-%dT%H:%M:%S')
                - (
                    case when regexp_extract({{ t }}, '([+-])[0-9]{2}:?[0-9]{2}$', 1) = '-'
                        then -1 else 1 end
                    * (
                        cast(regexp_extract({{ t }}, '([0-9]{2}):?([0-9]{2})$', 1) as integer) * 60
                        + cast(regexp_extract({{ t }}, '([0-9]{2}):?([0-9]{2})$', 2) as integer)
                    )
                ) * interval 1 minute
        {#- The common layout first: a CASE branch is evaluated only for the
            rows that reach it, and the format list is 6x slower. #}
        when regexp_full_match({{ t }}, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}')
            then try_strptime({{ t }}, '%Y-%m-%d %H:%M:%S')
                - interval {{ offset_hours }} hour
        else try_strptime(
            {{ t }},
            [
                '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M:%S',
                '%Y/%m/%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d', '%Y/%m/%d'
            ]
        ) - interval {{ offset_hours }} hour
    end)[1]
{%- endmacro %}

{#- Calendar date from '1985-03-02', '1985/3/2', '19850302' or '1985.03.02'. -#}
{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'huaxiang')(expr)) }}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    {{ exceptions.raise_compiler_error(
        "parse_date has no variant for adapter '" ~ adapter.type()
        ~ "'. Add " ~ adapter.type() ~ "__parse_date in macros/cleaning/parsing.sql."
    ) }}
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    cast(try_strptime(
        {{ huaxiang.clean_text(expr) }},
        ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y.%m.%d', '%Y-%m-%d %H:%M:%S']
    ) as date)
{%- endmacro %}

{#-
    Money as decimal(18, 2) from text such as '¥1,299.00', '-35.5', '１２'.
    Null when it is not a number, or has more than 15 digits before the point
    (with rounding it might not fit decimal(18, 2), and a cast error would stop
    the whole build).
-#}
{% macro parse_amount(expr) -%}
    {{ return(adapter.dispatch('parse_amount', 'huaxiang')(expr)) }}
{%- endmacro %}

{% macro default__parse_amount(expr) -%}
    {%- set t = huaxiang.regexp_remove_all(huaxiang.fullwidth_to_ascii(expr), '[¥￥, ]') -%}
    case
        when {{ huaxiang.regexp_full_match(t, '[+-]?[0-9]{1,15}(\\.[0-9]+)?') }}
            then cast({{ t }} as decimal(18, 2))
    end
{%- endmacro %}

{#- Whole number from text ('3', ' 3 ', '３', '3.0'); null when not integral. -#}
{% macro parse_integer(expr) -%}
    {%- set t = huaxiang.regexp_remove_all(huaxiang.fullwidth_to_ascii(expr), '\\s') -%}
    case
        when {{ huaxiang.regexp_full_match(t, '[+-]?[0-9]{1,9}(\\.0+)?') }}
            then cast(cast({{ t }} as decimal(18, 2)) as integer)
    end
{%- endmacro %}
