{#-
    The tag system's SQL, generated from the tag catalog (seeds/tag_catalog.csv).
    The catalog reaches dbt through files `make tags` generates from it: the
    rules in macros/tags/tag_rules_generated.sql, the wide marts' contract YAML
    (one column per tag, the catalog row in meta.tag). A
    rule's thresholds come from the catalog and can be overridden per tag with
    the var tag_params, e.g.
        --vars '{tag_params: {avg_order_value_band: {edges: [50, 200, 500]}}}'
-#}

{#- The tags of an industry: a list of dicts (code, value_type, rule_type,
    input_column, data_type, catalog_params, params) with params the effective
    parameters (catalog merged with var tag_params), validated. The rules come
    from tag_rules() (macros/tags/tag_rules_generated.sql, written from the
    catalog by `make tags`). -#}
{% macro tag_definitions(industry) %}
    {%- set overrides = var('tag_params', {}) -%}
    {%- if overrides is not mapping -%}
        {{ exceptions.raise_compiler_error(
            "var tag_params must map tag codes to parameter objects, e.g. "
            ~ "{tag_params: {is_repurchaser: {all: [[frequency_365d, '>=', 3]]}}}"
        ) }}
    {%- endif -%}
    {%- set tags = [] -%}
    {%- for rule in huaxiang.tag_rules().get(industry, []) -%}
        {%- set params = {} -%}
        {%- do params.update(rule.params) -%}
        {%- do params.update(overrides.get(rule.code, {})) -%}
        {%- do huaxiang.validate_tag_params(
            'dim_customer_tags_' ~ industry, rule.code, rule.rule_type, params) -%}
        {%- do tags.append({
            'code': rule.code,
            'value_type': rule.value_type,
            'rule_type': rule.rule_type,
            'input_column': rule.input_column,
            'data_type': rule.data_type,
            'catalog_params': rule.params,
            'params': params,
        }) -%}
    {%- endfor -%}
    {{ return(tags) }}
{% endmacro %}

{#- Tag codes of the industry (all industries when none is given). -#}
{% macro all_tag_codes(industry=none) %}
    {%- set codes = [] -%}
    {%- for name, rules in huaxiang.tag_rules().items()
        if industry is none or name == industry -%}
        {%- for rule in rules -%}
            {%- do codes.append(rule.code) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(codes) }}
{% endmacro %}

{#- Fail with the tag and the fix when a rule's parameters are unusable. -#}
{% macro validate_tag_params(model_name, code, rule_type, params) %}
    {%- set where = "tag '" ~ code ~ "' of " ~ model_name
        ~ " (seeds/tag_catalog.csv params, or var tag_params)" -%}
    {%- if rule_type == 'band' -%}
        {%- set edges = params.get('edges') -%}
        {%- if edges is string or edges is not iterable or edges | length == 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": a band needs \"edges\", a non-empty list of numbers") }}
        {%- endif -%}
        {%- for edge in edges -%}
            {%- if edge is not number -%}
                {{ exceptions.raise_compiler_error(where ~ ": band edge " ~ edge ~ " is not a number") }}
            {%- endif -%}
            {%- if not loop.first and edge <= edges[loop.index0 - 1] -%}
                {{ exceptions.raise_compiler_error(where ~ ": band edges must be strictly ascending, got " ~ edges) }}
            {%- endif -%}
        {%- endfor -%}
        {%- set values = params.get('values') -%}
        {%- if values is not none and values | length != edges | length + 1 -%}
            {{ exceptions.raise_compiler_error(
                where ~ ": band \"values\" needs " ~ (edges | length + 1)
                ~ " codes, one more than the edges " ~ edges
                ~ " (override both together)"
            ) }}
        {%- endif -%}
    {%- elif rule_type == 'condition' -%}
        {%- set conditions = params.get('all') -%}
        {%- if conditions is string or conditions is not iterable or conditions | length == 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": a condition needs \"all\", a list of [column, operator, value]") }}
        {%- endif -%}
        {%- for condition in conditions -%}
            {%- if condition is string or condition | length != 3
                or condition[1] not in ['=', '!=', '<', '<=', '>', '>='] -%}
                {{ exceptions.raise_compiler_error(
                    where ~ ": condition " ~ condition ~ " must be [column, operator, value]"
                    ~ " with operator one of = != < <= > >="
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- elif rule_type == 'case' -%}
        {%- set cases = params.get('cases') -%}
        {%- if cases is string or cases is not iterable or cases | length == 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": a case rule needs \"cases\", a list of {then: code, all: [[column, operator, value], ...]}") }}
        {%- endif -%}
        {%- for case in cases -%}
            {%- if case is not mapping or case.get('then') is not string -%}
                {{ exceptions.raise_compiler_error(where ~ ": case " ~ case ~ " needs a text value in \"then\"") }}
            {%- endif -%}
            {%- do huaxiang.validate_tag_params(model_name, code, 'condition', {'all': case.get('all')}) -%}
        {%- endfor -%}
    {%- elif rule_type != 'copy' -%}
        {{ exceptions.raise_compiler_error(
            where ~ ": rule_type '" ~ rule_type ~ "' has no branch in "
            ~ "macros/tags/tag_columns.sql (known: copy, band, condition, case)"
        ) }}
    {%- endif -%}
{% endmacro %}

{#- The tag columns of an industry's wide mart, reading the per-customer
    inputs under alias relation_alias. -#}
{% macro tag_columns(industry, relation_alias) %}
    {%- set known = huaxiang.all_tag_codes(industry) -%}
    {%- for code in var('tag_params', {}) if code not in known -%}
        {%- do exceptions.warn(
            "var tag_params overrides '" ~ code ~ "', which is no " ~ industry
            ~ " tag of seeds/tag_catalog.csv: check the spelling"
        ) if execute -%}
    {%- endfor -%}
    {%- for tag in huaxiang.tag_definitions(industry) %}
    {{ huaxiang.tag_expression(tag, relation_alias) }} as {{ tag.code }}
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
{% endmacro %}

{#- SQL of one tag. -#}
{% macro tag_expression(tag, relation_alias) %}
    {%- set input = relation_alias ~ '.' ~ tag.input_column -%}
    {%- if tag.rule_type == 'copy' -%}
        cast({{ input }} as {{ huaxiang.engine_data_type(tag.data_type) }})
    {%- elif tag.rule_type == 'band' -%}
        {%- set edges = tag.params.edges -%}
        {%- set values = tag.params.get('values') or huaxiang.band_value_codes(edges) -%}
        case
            when {{ input }} is null then null
            {%- for edge in edges %}
            when {{ input }} < {{ edge }} then '{{ values[loop.index0] }}'
            {%- endfor %}
            else '{{ values[-1] }}'
        end
    {%- elif tag.rule_type == 'condition' -%}
        {{ huaxiang.tag_condition(tag.params['all'], relation_alias) }}
    {%- elif tag.rule_type == 'case' -%}
        case
            {%- for case in tag.params.cases %}
            when {{ huaxiang.tag_condition(case['all'], relation_alias) }}
                then '{{ case.then }}'
            {%- endfor %}
            else {{ huaxiang.tag_literal(tag.params.get('else')) }}
        end
    {%- endif -%}
{% endmacro %}

{#- Conditions joined by AND, false (never null) when an input is null. -#}
{% macro tag_condition(conditions, relation_alias) %}
    coalesce(
        {%- for condition in conditions %}
        ({{ relation_alias }}.{{ condition[0] }} {{ condition[1] }} {{ huaxiang.tag_literal(condition[2]) }})
        {%- if not loop.last %} and{% endif %}
        {%- endfor %},
        false
    )
{% endmacro %}

{#- Value codes of a band without explicit "values": lt_<e0>, <e0>_<e1>, ..., ge_<en>. -#}
{% macro band_value_codes(edges) %}
    {%- set codes = ['lt_' ~ edges[0]] -%}
    {%- for edge in edges[1:] -%}
        {%- do codes.append(edges[loop.index0] ~ '_' ~ edge) -%}
    {%- endfor -%}
    {%- do codes.append('ge_' ~ edges[-1]) -%}
    {{ return(codes) }}
{% endmacro %}

{#- A parameter value as a SQL literal. -#}
{% macro tag_literal(value) %}
    {%- if value is none -%}
        null
    {%- elif value is boolean -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{% endmacro %}

{#- One row per customer and tag of an industry's wide mart (read from
    wide_relation, a relation or CTE name): (customer_id, industry, tag_code,
    tag_value as text, computed_at). Null tag values are left out; with
    missing_value (a text) they come out as that value instead, for every tag
    that at least one customer has a value of (a tag nobody has stays out). -#}
{% macro tags_unpivoted(wide_relation, industry, missing_value=none) %}
    {%- set selects = [] -%}
    {%- for tag in huaxiang.tag_definitions(industry) -%}
        {%- set value = "cast(" ~ tag.code ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- if missing_value is none -%}
            {%- set where = tag.code ~ " is not null" -%}
        {%- else -%}
            {%- set value = "coalesce(" ~ value ~ ", '"
                ~ (missing_value | replace("'", "''")) ~ "')" -%}
            {%- set where = "exists (select 1 from " ~ wide_relation
                ~ " where " ~ tag.code ~ " is not null)" -%}
        {%- endif -%}
        {%- do selects.append(
            "select\n"
            ~ "    customer_id,\n"
            ~ "    '" ~ industry ~ "' as industry,\n"
            ~ "    '" ~ tag.code ~ "' as tag_code,\n"
            ~ "    " ~ value ~ " as tag_value,\n"
            ~ "    computed_at\n"
            ~ "from " ~ wide_relation ~ "\n"
            ~ "where " ~ where
        ) -%}
    {%- endfor -%}
    {%- if selects | length == 0 -%}
        {%- do selects.append(
            "select\n"
            ~ "    cast(null as " ~ dbt.type_string() ~ ") as customer_id,\n"
            ~ "    cast(null as " ~ dbt.type_string() ~ ") as industry,\n"
            ~ "    cast(null as " ~ dbt.type_string() ~ ") as tag_code,\n"
            ~ "    cast(null as " ~ dbt.type_string() ~ ") as tag_value,\n"
            ~ "    cast(null as " ~ dbt.type_timestamp() ~ ") as computed_at\n"
            ~ "where 1 = 0"
        ) -%}
    {%- endif -%}
    {{- selects | join("\nunion all\n") -}}
{% endmacro %}

{#- Conditions in words: a >= 1 AND b < 2 (且 in Chinese). -#}
{% macro tag_condition_text(conditions, lang) %}
    {%- set parts = [] -%}
    {%- for condition in conditions -%}
        {%- do parts.append(condition[0] ~ ' ' ~ condition[1] ~ ' ' ~ condition[2]) -%}
    {%- endfor -%}
    {{- return(parts | join(' 且 ' if lang == 'zh' else ' AND ')) -}}
{% endmacro %}

{#- A tag's rule in words (zh or en) for the manual, with the parameters in
    force: bands as ranges, conditions joined by AND, copies with the vars
    they depend on. -#}
{% macro tag_rule_text(tag, params, lang) %}
    {%- set input = tag.input_column -%}
    {%- if tag.rule_type == 'band' -%}
        {%- set edges = params.edges -%}
        {%- set values = params.get('values') or huaxiang.band_value_codes(edges) -%}
        {%- set parts = [input ~ ' < ' ~ edges[0] ~ ' → ' ~ values[0]] -%}
        {%- for edge in edges[1:] -%}
            {%- do parts.append(edges[loop.index0] ~ ' ≤ ' ~ input ~ ' < ' ~ edge ~ ' → ' ~ values[loop.index]) -%}
        {%- endfor -%}
        {%- do parts.append(input ~ ' ≥ ' ~ edges[-1] ~ ' → ' ~ values[-1]) -%}
        {%- set none_text = '无值 → 空' if lang == 'zh' else 'no value → empty' -%}
        {{- return(parts | join('; ') ~ '; ' ~ none_text ~ huaxiang.tag_vars_text(params, lang)) -}}
    {%- elif tag.rule_type == 'condition' -%}
        {{- return(huaxiang.tag_condition_text(params['all'], lang)
            ~ huaxiang.tag_vars_text(params, lang)) -}}
    {%- elif tag.rule_type == 'case' -%}
        {%- set parts = [] -%}
        {%- for case in params.cases -%}
            {%- do parts.append(huaxiang.tag_condition_text(case['all'], lang) ~ ' → ' ~ case.then) -%}
        {%- endfor -%}
        {%- set otherwise = params.get('else') or ('空' if lang == 'zh' else 'empty') -%}
        {%- do parts.append(('其余' if lang == 'zh' else 'otherwise') ~ ' → ' ~ otherwise) -%}
        {{- return(parts | join('; ') ~ huaxiang.tag_vars_text(params, lang)) -}}
    {%- else -%}
        {{- return(('取自 ' if lang == 'zh' else 'copied from ') ~ input
            ~ huaxiang.tag_vars_text(params, lang)) -}}
    {%- endif -%}
{% endmacro %}

{#- " (name = value, ...)" for the project vars a rule depends on (params.vars:
    a list of var names, or a mapping of them to the values in force). -#}
{% macro tag_vars_text(params, lang) %}
    {%- if not params.get('vars') -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for name in params.vars -%}
        {%- do parts.append(name ~ ' = ' ~ (params.vars[name] if params.vars is mapping else var(name))) -%}
    {%- endfor -%}
    {{- return(' (' ~ parts | join(', ') ~ ')') -}}
{% endmacro %}
