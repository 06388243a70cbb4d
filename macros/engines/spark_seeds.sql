{#-
    Seed loading on Spark. dbt-spark's session method pastes seed values into
    the insert statement unescaped ('Xi'an' breaks the SQL) and loads empty
    cells as the text 'None'. This override (found first through the dispatch
    block in dbt_project.yml) renders each value as an escaped literal and
    empty cells as null; otherwise it is dbt-spark's spark__load_csv_rows.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
  {%- do huaxiang.translate_seed_column_types(model) -%}
  {%- set batch_size = get_batch_size() -%}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(batch_size) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = column_override.get(col_name, inferred_type) -%}
                  {%- set value = row[loop.index0] -%}
                  {%- if value is none -%}
                    cast(null as {{ type }})
                  {%- else -%}
                    cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ type }})
                  {%- endif -%}
                  {%- if not loop.last %},{% endif -%}
              {%- endfor -%})
              {%- if not loop.last %},{% endif %}
          {% endfor -%}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.index0 == 0 -%}
          {%- do statements.append(sql) -%}
      {%- endif -%}
  {%- endfor -%}
  {{ return(statements[0]) }}
{% endmacro %}

{#-
    Seed column_types are written with DuckDB's names (varchar) like the
    contracts; Spark 4 refuses varchar without a length. The names in
    var('contract_data_type_aliases')[adapter] are replaced before dbt-spark
    creates the seed table and inserts its rows.
-#}
{% macro translate_seed_column_types(model) -%}
    {%- set aliases = var('contract_data_type_aliases', {}).get(target.type, {}) -%}
    {%- set column_types = model['config'].get('column_types', {}) -%}
    {%- for column_name, spelled in column_types.items() | list -%}
        {%- if (spelled | trim | lower) in aliases -%}
            {%- do column_types.update(
                {column_name: aliases[spelled | trim | lower]}
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) -%}
    {%- do huaxiang.translate_seed_column_types(model) -%}
    {{ return(dbt.spark__create_csv_table(model, agate_table)) }}
{%- endmacro %}
