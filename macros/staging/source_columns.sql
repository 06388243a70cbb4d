{#-
    Select every column declared for a source table in its _<source>__sources.yml,
    cast to text. The YAML is the input contract: a file that lacks a declared
    column fails here with the column named (the preflight check in
    `make check-input` names the file too). Extra columns in the file are ignored.
-#}
{% macro source_columns_as_text(source_name, table_name) -%}
    {%- if not execute -%}
        {#- Parsing: only register the dependency; the graph is not loaded yet. -#}
        select * from {{ source(source_name, table_name) }}
    {%- else -%}
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
    select
        {%- for column_name in columns %}
        cast({{ adapter.quote(column_name) }} as {{ dbt.type_string() }}) as {{ column_name }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ source(source_name, table_name) }}
    {%- endif -%}
{%- endmacro %}
