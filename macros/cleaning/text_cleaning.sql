{#-
    Text cleaning shared by every staging model. Full-width (全角) forms are
    common in Chinese exports: digits, Latin letters, '+', '-', '@', '.', and
    the ideographic space. They are mapped to ASCII before any parsing.
-#}

{#- Full-width digits, letters and common punctuation mapped to ASCII. -#}
{% macro fullwidth_to_ascii(expr) -%}
    {{ return(adapter.dispatch('fullwidth_to_ascii', 'huaxiang')(expr)) }}
{%- endmacro %}

{% macro fullwidth_translate(expr) -%}
    translate(
        {{ expr }},
        '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＋－＠．＿　（）：／',
        '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+-@._ ():/'
    )
{%- endmacro %}

{% macro default__fullwidth_to_ascii(expr) -%}
    {{ huaxiang.fullwidth_translate(expr) }}
{%- endmacro %}

{% macro duckdb__fullwidth_to_ascii(expr) -%}
    {#- DuckDB's translate costs ~5 µs a value even when nothing maps (26x a
        regex test), so only values holding a full-width form are translated.
        Most values are plain ASCII (keys, numbers, codes): strlen (bytes) =
        length (characters) rules them out before the regex, which halves
        clean_text on an ASCII column (13M POS receipt numbers: 3.5 s -> 1.5 s)
        and costs nothing on Chinese text (AND stops at the first false). #}
    case
        when strlen({{ expr }}) <> length({{ expr }})
            and regexp_matches({{ expr }}, '[\x{3000}\x{FF01}-\x{FF5E}]')
            then {{ huaxiang.fullwidth_translate(expr) }}
        else {{ expr }}
    end
{%- endmacro %}

{% macro postgres__fullwidth_to_ascii(expr) -%}
    {#- PostgreSQL's translate walks the 70-character map for every input
        character: like DuckDB, translate only values holding a full-width form. #}
    case
        when {{ expr }} ~ '[\u3000\uFF01-\uFF5E]'
            then {{ huaxiang.fullwidth_translate(expr) }}
        else {{ expr }}
    end
{%- endmacro %}

{#-
    Trimmed text with full-width forms mapped to ASCII; null when empty or a
    known null token ('null', 'none', 'n/a', '-', '-1', 'nan', '\\N').
-#}
{% macro clean_text(expr) -%}
    case
        when lower(trim({{ huaxiang.fullwidth_to_ascii(expr) }})) in (
            '', 'null', 'none', 'n/a', 'na', 'nan', '-', '--', '-1',
            'undefined', 'nil',
            {#- MySQL's dump token \N, lower-cased; chr(92) is a backslash, spelled
                the same on every engine (string escapes differ). #}
            chr(92) || 'n'
        ) then null
        else trim({{ huaxiang.fullwidth_to_ascii(expr) }})
    end
{%- endmacro %}

{#- Replace every match of a regex (all matches, on any engine). -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'huaxiang')(
        expr, pattern, replacement
    )) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    {#- PostgreSQL: the 'g' flag is needed to replace every match. -#}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}
    {#- DuckDB replaces only the first match unless given 'g'. -#}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}
    {#- Spark's regexp_replace always replaces every match (no flags). Spark
        string literals take backslash escapes: a regex backslash is doubled. -#}
    regexp_replace({{ expr }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ replacement }}')
{%- endmacro %}

{#- Remove every match of a regex. -#}
{% macro regexp_remove_all(expr, pattern) -%}
    {{ huaxiang.regexp_replace_all(expr, pattern, '') }}
{%- endmacro %}

{#- True when the whole string matches a regex (portable spelling). -#}
{% macro regexp_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'huaxiang')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expr, pattern) -%}
    ({{ expr }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__regexp_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regexp_full_match(expr, pattern) -%}
    {#- Spark string literals take backslash escapes: a regex backslash is doubled. -#}
    ({{ expr }} rlike '^(?:{{ pattern | replace('\\', '\\\\') }})$')
{%- endmacro %}

{#-
    Person name: full-width forms mapped, runs of spaces collapsed to one,
    trimmed. Chinese names keep no inner spaces ('张 伟' becomes '张伟').
-#}
{% macro clean_name(expr) -%}
    {%- set collapsed -%}
        {{ huaxiang.regexp_replace_all(huaxiang.clean_text(expr), '\\s+', ' ') }}
    {%- endset -%}
    case
        when {{ huaxiang.regexp_full_match(collapsed, '[^A-Za-z]+') }}
            then replace({{ collapsed }}, ' ', '')
        else {{ collapsed }}
    end
{%- endmacro %}

{#- City name without the administrative suffix 市 ('上海市' -> '上海'). -#}
{#- One regex on the cleaned text: the CASE spelling repeated clean_text four
    times (engines do not share common subexpressions), 2.6x slower on DuckDB. -#}
{% macro clean_city(expr) -%}
    {{ huaxiang.regexp_remove_all(huaxiang.clean_text(expr), '市$') }}
{%- endmacro %}

{#- Full regex match where the pattern is a SQL expression (e.g. a seed column). -#}
{% macro regexp_full_match_column(expr, pattern_expr) -%}
    {{ return(adapter.dispatch('regexp_full_match_column', 'huaxiang')(expr, pattern_expr)) }}
{%- endmacro %}

{% macro default__regexp_full_match_column(expr, pattern_expr) -%}
    ({{ expr }} ~ ('^(?:' || {{ pattern_expr }} || ')$'))
{%- endmacro %}

{% macro duckdb__regexp_full_match_column(expr, pattern_expr) -%}
    regexp_full_match({{ expr }}, {{ pattern_expr }})
{%- endmacro %}

{% macro spark__regexp_full_match_column(expr, pattern_expr) -%}
    ({{ expr }} rlike concat('^(?:', {{ pattern_expr }}, ')$'))
{%- endmacro %}
