{#-
    True when an identifier value matches a row of the identity_blocklist
    seed: the row's pattern equals the value (match_type exact) or fully
    matches it as a regex (match_type regex). Join the seed as blocklist_alias
    on identifier_type first.
-#}
{% macro matches_blocklist_entry(value_expr, blocklist_alias='blocklist') -%}
    (
        (
            {{ blocklist_alias }}.match_type = 'exact'
            and {{ value_expr }} = {{ blocklist_alias }}.pattern
        )
        or (
            {{ blocklist_alias }}.match_type = 'regex'
            and {{ huaxiang.regexp_full_match_column(
                value_expr, blocklist_alias ~ '.pattern'
            ) }}
        )
    )
{%- endmacro %}

{#-
    A filter that keeps exactly the (type, value) pairs some row of the
    identity_blocklist seed matches, with each pattern written into the SQL
    as a literal: DuckDB compiles a regex given as a column once per row
    (seconds per million values), a literal one once. Rendered from the seed
    at run time; `true` at parse time and in dbt unit tests (this is none),
    whose fixture blocklist only the join with matches_blocklist_entry()
    sees. Use it as a prefilter in front of that join, which stays the
    definition (tests/python/test_identity_blocklist.py checks both agree
    with Python's re.fullmatch on the built warehouse).
-#}
{% macro blocklist_prefilter(type_expr, value_expr, blocklist_relation) -%}
    {%- if not execute or this is none -%}
        true
    {%- else -%}
        {%- set rows = run_query(
            "select identifier_type, match_type, pattern from "
            ~ blocklist_relation ~ " order by 1, 2, 3"
        ).rows -%}
        {%- if rows | length == 0 -%}
            false
        {%- else -%}
        (
            {%- for row in rows %}
            (
                {{ type_expr }} = {{ huaxiang.text_literal(row[0]) }}
                and
                {%- if row[1] == 'exact' %}
                {{ value_expr }} = {{ huaxiang.text_literal(row[2]) }}
                {%- elif row[1] == 'regex' %}
                {{ huaxiang.regexp_full_match_column(
                    value_expr, huaxiang.text_literal(row[2])
                ) }}
                {%- else %}
                {{ exceptions.raise_compiler_error(
                    "seeds/identity_blocklist.csv: match_type must be 'exact' or "
                    ~ "'regex', got '" ~ row[1] ~ "' for pattern '" ~ row[2] ~ "'"
                ) }}
                {%- endif %}
            ){{ " or" if not loop.last }}
            {%- endfor %}
        )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
