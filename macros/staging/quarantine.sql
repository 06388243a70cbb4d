{#-
    The quarantine pattern used by every staging source:
      stg_<source>__<entity>s_validated  one row per raw row: parsed columns,
                                         quarantine_reason (null = usable),
                                         field_issues and the raw row as text;
      stg_<source>__<entity>s            the usable rows (quarantine_reason null);
      stg_<source>__<entity>s_quarantine the rest, with the reason code.
    Rows in = rows clean + rows quarantined, checked by the row_count_reconciles test.
-#}

{#- The columns of a relation except some, as a select list (needs execute). -#}
{% macro columns_except(relation, excluded) -%}
    {%- if not execute -%}
        *
    {%- else -%}
        {%- set excluded_lower = excluded | map('lower') | list -%}
        {%- set kept = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.name | lower not in excluded_lower -%}
                {%- do kept.append(adapter.quote(column.name)) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ kept | join(',\n    ') }}
    {%- endif -%}
{%- endmacro %}

{#- Usable rows of a _validated model, without the bookkeeping columns. -#}
{% macro select_clean_rows(validated_relation) -%}
select
    {{ huaxiang.columns_except(
        validated_relation,
        ['quarantine_reason', 'duplicate_rank', 'raw_record', '_loaded_at']
    ) }}
from {{ validated_relation }}
where quarantine_reason is null
{%- endmacro %}

{#- Quarantined rows of a _validated model: key, reason and the raw row. -#}
{% macro select_quarantined_rows(validated_relation, source_table, key_expression) -%}
select
    '{{ source_table }}' as source_table,
    {{ key_expression }} as source_record_key,
    duplicate_rank,
    quarantine_reason as reason_code,
    raw_record
from {{ validated_relation }}
where quarantine_reason is not null
{%- endmacro %}

{#- The raw row as one text value, columns separated by ' | ' (nulls shown empty). -#}
{% macro raw_record_text(column_names) -%}
    {{ return(adapter.dispatch('raw_record_text', 'huaxiang')(column_names)) }}
{%- endmacro %}

{% macro duckdb__raw_record_text(column_names) -%}
    {#- One concat() call: a chain of || builds every intermediate string
        (3x slower for the 15 columns of an e-commerce order). -#}
    concat(
    {%- for column_name in column_names -%}
        coalesce({{ column_name }}, ''){{ ", ' | ', " if not loop.last }}
    {%- endfor -%}
    )
{%- endmacro %}

{% macro default__raw_record_text(column_names) -%}
    {%- set parts = [] -%}
    {%- for column_name in column_names -%}
        {%- do parts.append("coalesce(" ~ column_name ~ ", '')") -%}
        {%- if not loop.last -%}{%- do parts.append("' | '") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#-
    Comma-separated list of the issue codes whose condition is true, or null.
    issues: a dict of code -> SQL condition.
-#}
{% macro issue_list(issues) -%}
    nullif(concat_ws(
        ','
        {%- for code, condition in issues.items() %},
        case when {{ condition }} then '{{ code }}' end
        {%- endfor %}
    ), '')
{%- endmacro %}

{#-
    True when a text value is a test-account name (prefixes in var
    test_account_name_prefixes, compared literally and case-insensitively:
    no LIKE wildcards, so a prefix such as 'qa_' means exactly that). An
    empty list matches nothing.
-#}
{% macro is_test_account_name(expr) -%}
    {%- set prefixes = var('test_account_name_prefixes') -%}
    {%- if prefixes is string -%}
        {{ exceptions.raise_compiler_error(
            "var test_account_name_prefixes must be a list of prefixes, e.g. "
            ~ "['测试', 'test'], got '" ~ prefixes ~ "'"
        ) }}
    {%- endif -%}
    {%- if prefixes | length == 0 -%}
        false
    {%- else -%}
    (
    {%- for prefix in prefixes %}
        {%- set prefix = prefix | string | lower %}
        substr(lower({{ expr }}), 1, {{ prefix | length }})
        = '{{ prefix | replace("'", "''") }}'
        {%- if not loop.last %} or {% endif -%}
    {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}

{#-
    Quarantine reason for a required business timestamp, or null when fine:
    missing or unparseable, after the as-of date (local time), or before
    var('min_valid_date').
-#}
{% macro timestamp_quarantine_reason(parsed_utc) -%}
    case
        when {{ parsed_utc }} is null then 'invalid_timestamp'
        when {{ huaxiang.utc_to_local(parsed_utc) }}
            >= {{ huaxiang.as_of_date() }} + {{ huaxiang.interval_of(1, 'day') }}
            then 'future_timestamp'
        when {{ parsed_utc }} < cast('{{ var("min_valid_date") }}' as timestamp)
            then 'too_old_timestamp'
    end
{%- endmacro %}

{#- Local business time from a UTC timestamp (var source_utc_offset_hours). -#}
{% macro utc_to_local(ts) -%}
    ({{ ts }} + {{ huaxiang.interval_of(var('source_utc_offset_hours'), 'hour') }})
{%- endmacro %}

{#-
    Rank of a row among rows sharing its key (1 = kept, higher = duplicate);
    ties broken by content. With the key it is the _validated models' primary key.
-#}
{% macro key_rank(key_columns, order_by='raw_record') -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by {{ order_by }}
    )
{%- endmacro %}

{#-
    True when any of the amount columns is beyond var('max_amount_cny') in
    absolute value (an implausible amount: quarantined as amount_out_of_range).
-#}
{% macro is_amount_out_of_range(columns) -%}
    (
    {%- for column_name in columns %}
        abs({{ column_name }}) > {{ var('max_amount_cny') }}
        {%- if not loop.last %} or {% endif -%}
    {%- endfor %}
    )
{%- endmacro %}
