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
        {#- The common layout first: a CASE branch's test runs only for the
            rows no earlier branch took (the layouts exclude each other, so
            order changes speed only: 7.2M app events 10.2 s -> 7.6 s), and
            the format list at the end is 6x slower than one layout. #}
        when regexp_full_match({{ t }}, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}')
            then try_strptime({{ t }}, '%Y-%m-%d %H:%M:%S')
                - interval {{ offset_hours }} hour
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

{#-
    PostgreSQL and Spark variants of the parsers. Both accept the same layouts
    as the DuckDB variants and return null, never an error, for impossible
    values ('2025-02-30', '25:61'): PostgreSQL's make_timestamp and Spark's
    ANSI casts would raise, so parts are validated first.
-#}

{#- PostgreSQL: a timestamp from text parts, null unless it is a real calendar time. -#}
{% macro postgres__timestamp_from_parts(year, month, day, hour='0', minute='0', second='0') -%}
    case
        when cast({{ year }} as integer) between 1 and 9999
            and cast({{ month }} as integer) between 1 and 12
            and cast({{ hour }} as integer) < 24
            and cast({{ minute }} as integer) < 60
            and cast({{ second }} as integer) < 60
            then case
                {#- Days in the month, computed only once year and month are valid. #}
                when cast({{ day }} as integer) between 1 and extract(day from
                    make_date(cast({{ year }} as integer), cast({{ month }} as integer), 1)
                    + interval '1 month' - interval '1 day'
                )
                    then make_timestamp(
                        cast({{ year }} as integer), cast({{ month }} as integer),
                        cast({{ day }} as integer), cast({{ hour }} as integer),
                        cast({{ minute }} as integer), cast({{ second }} as integer)
                    )
            end
    end
{%- endmacro %}

{#- PostgreSQL quirks: regexes are matched with `~` only (no capture groups:
    regexp_match with groups or back-references is ~100x slower) and parts
    are cut with split_part/substr; the cleaned text is bound once in a scalar
    subquery (as t), since PostgreSQL does not share common subexpressions. -#}
{% macro postgres__parse_timestamp_utc(expr) -%}
    {%- set offset_hours = var('source_utc_offset_hours') | int -%}
    {#- 'YYYY-MM-DD HH:MM:SS' (or 'T'), '/' for '-', minutes or date only. #}
    {%- set local_text = "translate(t, '/T', '- ')" -%}
    {%- set date_text = "split_part(" ~ local_text ~ ", ' ', 1)" -%}
    {%- set time_text = "split_part(" ~ local_text ~ ", ' ', 2)" -%}
    {%- set zone_text = "ltrim(substr(t, 20), '.0123456789')" -%}
    (select
        case
            {#- Epoch milliseconds are an instant: no local offset applies. #}
            when t ~ '^[0-9]{13}$'
                then cast(to_timestamp(cast(t as bigint) / 1000.0) at time zone 'UTC'
                    as timestamp)
            {#- ISO 8601 with its own offset: shift by that offset, not ours. #}
            when t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$'
                then {{ huaxiang.postgres__timestamp_from_parts(
                    'substr(t, 1, 4)', 'substr(t, 6, 2)', 'substr(t, 9, 2)',
                    'substr(t, 12, 2)', 'substr(t, 15, 2)', 'substr(t, 18, 2)'
                ) }}
                - case when {{ zone_text }} = 'Z' then interval '0 minute'
                    else (case when left({{ zone_text }}, 1) = '-' then -1 else 1 end)
                        * (cast(substr({{ zone_text }}, 2, 2) as integer) * 60
                            + cast(right({{ zone_text }}, 2) as integer))
                        * interval '1 minute'
                end
            when t ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$'
                or t ~ '^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$'
                then {{ huaxiang.postgres__timestamp_from_parts(
                    "split_part(" ~ date_text ~ ", '-', 1)",
                    "split_part(" ~ date_text ~ ", '-', 2)",
                    "split_part(" ~ date_text ~ ", '-', 3)",
                    "coalesce(nullif(split_part(" ~ time_text ~ ", ':', 1), ''), '0')",
                    "coalesce(nullif(split_part(" ~ time_text ~ ", ':', 2), ''), '0')",
                    "coalesce(nullif(split_part(" ~ time_text ~ ", ':', 3), ''), '0')"
                ) }}
                - interval '{{ offset_hours }} hour'
        end
    from (select {{ huaxiang.clean_text(expr) }} as t) as bound)
{%- endmacro %}

{% macro postgres__parse_date(expr) -%}
    {%- set date_text = "translate(split_part(t, ' ', 1), '/.', '--')" -%}
    (select
        case
            when t ~ '^[0-9]{8}$'
                then cast({{ huaxiang.postgres__timestamp_from_parts(
                    'substr(t, 1, 4)', 'substr(t, 5, 2)', 'substr(t, 7, 2)'
                ) }} as date)
            when t ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?$'
                or t ~ '^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$'
                or t ~ '^[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}$'
                then cast({{ huaxiang.postgres__timestamp_from_parts(
                    "split_part(" ~ date_text ~ ", '-', 1)",
                    "split_part(" ~ date_text ~ ", '-', 2)",
                    "split_part(" ~ date_text ~ ", '-', 3)"
                ) }} as date)
        end
    from (select {{ huaxiang.clean_text(expr) }} as t) as bound)
{%- endmacro %}

{#- Spark: try_to_timestamp returns null for impossible values, also under ANSI mode.
    Timestamps are wall-clock UTC: the profile sets spark.sql.session.timeZone=UTC.
    String literals take backslash escapes (a regex backslash is written twice);
    layouts are in double quotes because they hold single quotes ('T'). -#}
{% macro spark__parse_timestamp_utc(expr) -%}
    {%- set t -%}({{ huaxiang.clean_text(expr) }}){%- endset -%}
    {%- set offset_hours = var('source_utc_offset_hours') | int -%}
    case
        when {{ t }} rlike '^[0-9]{13}$'
            then timestamp_millis(cast({{ t }} as bigint))
        when {{ t }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$'
            then coalesce(
                try_to_timestamp(
                    regexp_replace({{ t }}, '\\.[0-9]+', ''), "yyyy-MM-dd'T'HH:mm:ssXXX"
                ),
                try_to_timestamp(
                    regexp_replace({{ t }}, '\\.[0-9]+', ''), "yyyy-MM-dd'T'HH:mm:ssXX"
                )
            )
        else coalesce(
            {%- for layout in [
                'yyyy-M-d H:m:s', 'yyyy-M-d H:m', "yyyy-M-d'T'H:m:s", 'yyyy-M-d',
                'yyyy/M/d H:m:s', 'yyyy/M/d H:m', 'yyyy/M/d'
            ] %}
            try_to_timestamp({{ t }}, "{{ layout }}"){{ "," if not loop.last }}
            {%- endfor %}
        ) - interval {{ offset_hours }} hour
    end
{%- endmacro %}

{% macro spark__parse_date(expr) -%}
    {%- set t -%}({{ huaxiang.clean_text(expr) }}){%- endset -%}
    to_date(coalesce(
        {%- for layout in [
            'yyyy-M-d', 'yyyy/M/d', 'yyyyMMdd', 'yyyy.M.d', 'yyyy-M-d H:m:s'
        ] %}
        try_to_timestamp({{ t }}, "{{ layout }}"){{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
