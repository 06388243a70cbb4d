{#-
    Select every column declared for a source table in its _<source>__sources.yml,
    cast to text. The YAML is the input contract: a file that lacks a declared
    column fails here, before any SQL runs, with the file and the column named
    (`make check-input` checks every file at once). Extra columns in the file
    are ignored. with_loaded_at adds `_loaded_at`, the source's loader column
    (config loaded_at_field) as a timestamp, null when the file has none.
-#}
{% macro source_columns_as_text(source_name, table_name, with_loaded_at=false) -%}
    {%- if not execute -%}
        {#- Parsing: only register the dependency; the graph is not loaded yet. -#}
        select * from {{ source(source_name, table_name) }}
    {%- else -%}
    {%- set columns = huaxiang.source_declared_columns(source_name, table_name) -%}
    {%- set found = huaxiang.check_source_has_columns(source_name, table_name, columns) -%}
    select
        {%- for column_name in columns %}
        cast({{ adapter.quote(column_name) }} as {{ dbt.type_string() }}) as {{ column_name }}
        {{- "," if not loop.last or with_loaded_at }}
        {%- endfor %}
        {%- if with_loaded_at %}
        {%- set loaded_at_field = huaxiang.source_loaded_at_field(source_name, table_name) %}
        {%- if loaded_at_field and loaded_at_field | lower in found | map('lower') | list %}
        cast({{ adapter.quote(loaded_at_field) }} as {{ dbt.type_timestamp() }}) as _loaded_at
        {%- else %}
        {#- No loader column: every run restages every row (see incremental_staging.sql). #}
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
        {%- endif %}
        {%- endif %}
    from {{ source(source_name, table_name) }}
    {%- endif -%}
{%- endmacro %}

{#- The columns a source table declares in its _<source>__sources.yml (needs execute). -#}
{% macro source_declared_columns(source_name, table_name) -%}
    {%- set columns = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name == source_name and node.name == table_name -%}
        {%- for column_name in node.columns -%}
            {%- do columns.append(column_name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Source " ~ source_name ~ "." ~ table_name ~ " declares no columns. "
            ~ "List its columns in models/staging/" ~ source_name ~ "/_"
            ~ source_name ~ "__sources.yml."
        ) }}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}

{#-
    The loader column of a source table (dbt's `loaded_at_field` config on the
    source or table, e.g. `_loaded_at`), or none when it declares none.
-#}
{% macro source_loaded_at_field(source_name, table_name) -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name == source_name and node.name == table_name -%}
        {%- set field = (node.config.get('loaded_at_field') if node.config else none)
            or node.loaded_at_field -%}
        {%- if field -%}{%- do found.append(field) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(found[0] if found else none) }}
{%- endmacro %}

{#-
    Fail with one clear message when the raw table lacks declared columns:
    names the file (or table), each missing column, the file's columns that
    are not in the contract (a renamed column shows up there) and the fix.
    Without it DuckDB stops later with a binder error naming neither file nor fix.
-#}
{% macro check_source_has_columns(source_name, table_name, columns) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set found = get_columns_in_query('select * from ' ~ relation) -%}
    {%- set found_lower = found | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column_name in columns if column_name | lower not in found_lower -%}
        {%- do missing.append(column_name) -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- set columns_lower = columns | map('lower') | list -%}
        {%- set unexpected = [] -%}
        {%- for column_name in found if column_name | lower not in columns_lower -%}
            {%- do unexpected.append(column_name) -%}
        {%- endfor -%}
        {%- set path = modules.re.search("'([^']+)'", relation | string) -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ (path.group(1) if path else relation)
            ~ " (source " ~ source_name ~ "." ~ table_name ~ ") lacks the "
            ~ "required column(s): " ~ missing | join(', ') ~ ". "
            ~ ("It has columns not in the contract: " ~ unexpected | join(', ')
               ~ " (renamed?). " if unexpected else "")
            ~ "Rename or add the column(s) in the file header; the expected "
            ~ "columns are in docs/input_contract.md and "
            ~ "models/staging/" ~ source_name ~ "/_" ~ source_name
            ~ "__sources.yml. `make check-input` checks every file at once."
        ) }}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}
