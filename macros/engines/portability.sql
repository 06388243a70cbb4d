{#-
    Engine portability helpers: type names and literals that differ between
    DuckDB, PostgreSQL and Spark, and the translation of contract data types.
    DuckDB spellings stay the project's canonical ones; other engines get
    their equivalents here.
-#}

{#- 8-byte floating point. dbt.type_float() is a 4-byte REAL on DuckDB. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'huaxiang')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    {#- PostgreSQL (and standard SQL) spell it in two words. -#}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    {#- Spark has no 'double precision'. -#}
    double
{%- endmacro %}

{#- A fixed interval, e.g. interval_of(8, 'hour'); amount is a whole number. -#}
{% macro interval_of(amount, unit) -%}
    {%- if unit not in ['day', 'hour', 'minute', 'second'] -%}
        {{ exceptions.raise_compiler_error(
            "interval_of: unit must be day, hour, minute or second, got '"
            ~ unit ~ "'"
        ) }}
    {%- endif -%}
    {%- set text = amount | string | trim -%}
    {%- if not modules.re.fullmatch('-?[0-9]+(\\.0+)?', text) -%}
        {{ exceptions.raise_compiler_error(
            "interval_of: amount must be a whole number (a var such as "
            ~ "source_utc_offset_hours or incremental_lookback_days?), got '"
            ~ amount ~ "'"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('interval_of', 'huaxiang')(text | float | int, unit)) }}
{%- endmacro %}

{% macro default__interval_of(amount, unit) -%}
    {#- PostgreSQL needs the quantity and unit inside one quoted literal. -#}
    interval '{{ amount }} {{ unit }}'
{%- endmacro %}

{% macro duckdb__interval_of(amount, unit) -%}
    interval {{ amount }} {{ unit }}
{%- endmacro %}

{% macro spark__interval_of(amount, unit) -%}
    interval {{ amount }} {{ unit }}
{%- endmacro %}

{#-
    Contract data types are written with DuckDB's names in the models' YAML
    (varchar, double, ...). On other adapters the names in
    var('contract_data_type_aliases')[adapter] are replaced in the model's
    column specs before dbt checks the contract and writes DDL, so one YAML
    serves every engine. A no-op on DuckDB and on adapters without aliases.
-#}
{% macro translate_contract_data_types() -%}
    {%- set aliases = var('contract_data_type_aliases', {}).get(target.type, {}) -%}
    {%- for column in model['columns'].values() if column.get('data_type') -%}
        {%- set spelled = column['data_type'] | trim | lower -%}
        {%- if spelled in aliases -%}
            {%- do column.update({'data_type': aliases[spelled]}) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- A data type written with DuckDB's name (varchar, double) spelled for the
    target adapter (var contract_data_type_aliases), e.g. for casts generated
    from the tag catalog's data_type. -#}
{% macro engine_data_type(spelled) -%}
    {%- set aliases = var('contract_data_type_aliases', {}).get(target.type, {}) -%}
    {{- aliases.get(spelled | trim | lower, spelled) -}}
{%- endmacro %}

{#- dbt's contract macros, wrapped to translate the types first (see the
    dispatch block in dbt_project.yml, which lets this project override them). -#}
{% macro postgres__get_assert_columns_equivalent(sql) -%}
    {%- do huaxiang.translate_contract_data_types() -%}
    {{ return(dbt.default__get_assert_columns_equivalent(sql)) }}
{%- endmacro %}

{% macro postgres__get_table_columns_and_constraints() -%}
    {%- do huaxiang.translate_contract_data_types() -%}
    {{ return(dbt.default__get_table_columns_and_constraints()) }}
{%- endmacro %}

{% macro spark__get_assert_columns_equivalent(sql) -%}
    {%- do huaxiang.translate_contract_data_types() -%}
    {{ return(dbt.default__get_assert_columns_equivalent(sql)) }}
{%- endmacro %}

{% macro spark__get_table_columns_and_constraints() -%}
    {%- do huaxiang.translate_contract_data_types() -%}
    {{ return(dbt.default__get_table_columns_and_constraints()) }}
{%- endmacro %}

{#-
    decimal(18, 2) from a double, rounded as DuckDB's cast rounds: the exact
    binary value, half away from zero (72.115 is stored as 72.11499...: 72.11).
    PostgreSQL and Spark convert a double to decimal through its shortest
    decimal text (72.115: 72.12), so they round it in double arithmetic first.
-#}
{% macro money_from_double(expr) -%}
    {{ return(adapter.dispatch('money_from_double', 'huaxiang')(expr)) }}
{%- endmacro %}

{% macro default__money_from_double(expr) -%}
    cast(sign({{ expr }}) * floor(abs({{ expr }}) * 100 + 0.5) / 100 as decimal(18, 2))
{%- endmacro %}

{% macro duckdb__money_from_double(expr) -%}
    cast({{ expr }} as decimal(18, 2))
{%- endmacro %}

{#-
    decimal(18, 2) from a double, rounded the same way on every engine: half
    away from zero in double arithmetic (72.115 gives 72.12 everywhere). For
    model estimates (CLV) whose DuckDB values have no earlier convention to
    keep; money_from_double keeps DuckDB's cast where one exists.
-#}
{% macro money_rounded_from_double(expr) -%}
    cast(sign({{ expr }}) * floor(abs({{ expr }}) * 100 + 0.5) / 100 as decimal(18, 2))
{%- endmacro %}

{#-
    Spark: dbt-spark treats a model without file_format as Delta and sets the
    contract's NOT NULL constraints with ALTER TABLE, which the parquet tables
    of a plain Spark refuse. Constraints are set only on Delta tables here;
    the models' not_null data tests check the columns on every engine.
-#}
{% macro spark__persist_constraints(relation, model) -%}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{%- endmacro %}

{#-
    A text value as an SQL string literal: single quotes doubled; on Spark,
    whose literals read backslash escapes, backslashes doubled as well (a
    regex such as '\+86' stays '\+86').
-#}
{% macro text_literal(value) -%}
    {{ return(adapter.dispatch('text_literal', 'huaxiang')(value)) }}
{%- endmacro %}

{% macro default__text_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__text_literal(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
