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
