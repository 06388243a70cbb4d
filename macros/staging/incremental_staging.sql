{#-
    Incremental staging of the large raw tables (orders, lines, events).

    A raw table whose source declares a loader column (config loaded_at_field,
    `_loaded_at`: when the row landed, as ingestion tools write it) is staged
    incrementally: a run parses only
      - the rows loaded after the latest `_loaded_at` already staged, and
      - the older rows whose verdict may have changed, restaged with them:
        rows sharing a key with a new row (duplicates are ranked among all
        rows of a key), rows quarantined for a reason that a later day or a
        later parent row can lift (recheck_reasons: future_timestamp,
        parent_quarantined) and, for a child table, rows whose parent key got
        new rows;
    and replaces the rows of those keys (delete+insert on the key). Every
    verdict depends only on the rows of its key, its parent and the as-of
    date, so the table equals a full rebuild on the same files
    (tests/python/test_incremental_staging.py checks it).

    Everything is restaged instead when
      - the table already holds a load of the as-of date or later (the same
        day built again, or the files regenerated): like the incremental
        marts, a run is a refresh of a later business day;
      - some staged rows have no `_loaded_at` (the file has no loader column,
        or null values in it): such rows cannot be told apart from new ones.
    A table staged before `_loaded_at` existed stops the run with the
    command that rebuilds it. Changing a validation rule (vars, seeds such
    as standard_values) needs `dbt build --full-refresh`, as for any
    incremental model.
-#}

{#- Recheck reasons: quarantine verdicts a later run can lift. -#}
{% macro staging_recheck_reasons() -%}
    {{ return(['future_timestamp', 'parent_quarantined']) }}
{%- endmacro %}

{#-
    How this run stages the model: {'incremental': true, 'last_loaded_at': ...}
    or {'incremental': false, 'reason': ...}. Reads the model's own table, so
    the SQL and its pre-hook (both rendered before the table changes) agree.
-#}
{% macro staging_load_state() -%}
    {#- Unit tests have no relation of their own (this is none). -#}
    {%- if not execute or this is none or not is_incremental() -%}
        {{ return({'incremental': false, 'reason': 'first build or full refresh'}) }}
    {%- endif -%}
    {#- A table staged before the loader column existed cannot say which
        rows are new, and dbt's on_schema_change='fail' would stop later with
        a less helpful message: say what to run instead. -#}
    {%- set staged_columns = adapter.get_columns_in_relation(this)
        | map(attribute='name') | map('lower') | list -%}
    {%- if '_loaded_at' not in staged_columns -%}
        {{ exceptions.raise_compiler_error(
            "Model " ~ this.identifier ~ ": the table " ~ this ~ " has no _loaded_at "
            ~ "column (it was staged by a Huaxiang version before incremental staging), "
            ~ "so this run cannot tell new raw rows from staged ones. Rebuild it once "
            ~ "with `dbt build --full-refresh --select " ~ this.identifier ~ "+` "
            ~ "(or a plain `dbt build --full-refresh`); later runs are incremental."
        ) }}
    {%- endif -%}
    {%- set row = run_query(
        "select cast(max(_loaded_at) as " ~ dbt.type_string() ~ ") as last_loaded_at, "
        ~ "count(*) - count(_loaded_at) as rows_without_loaded_at, "
        ~ "count(*) as staged_rows, "
        ~ "coalesce(max(_loaded_at) >= " ~ huaxiang.as_of_date() ~ ", false)"
        ~ " as has_as_of_day "
        ~ "from " ~ this
    ).rows[0] -%}
    {%- if row['staged_rows'] == 0 -%}
        {{ return({'incremental': false, 'reason': 'the table is empty'}) }}
    {%- elif row['rows_without_loaded_at'] > 0 -%}
        {{ return({'incremental': false, 'reason':
            row['rows_without_loaded_at'] ~ ' staged rows have no _loaded_at (the raw '
            ~ 'file has no loader column or null values in it)'}) }}
    {%- elif row['has_as_of_day'] -%}
        {{ return({'incremental': false, 'reason':
            'rows loaded on or after the as-of date ' ~ huaxiang.as_of_date_text()
            ~ ' are staged already: the same day built again'}) }}
    {%- endif -%}
    {{ return({'incremental': true, 'last_loaded_at': row['last_loaded_at']}) }}
{%- endmacro %}

{#-
    Pre-hook of an incrementally staged model: empties the table when this run
    restages everything (see staging_load_state) and says why.
-#}
{% macro reset_staging_unless_new_load() -%}
    {%- set state = huaxiang.staging_load_state() -%}
    {%- if this is not none and is_incremental() and not state.incremental -%}
        {{ log(this.identifier ~ ": restaging every row (" ~ state.reason ~ ")", info=true) }}
        delete from {{ this }}
    {%- else -%}
        select 1 as nothing_to_reset
    {%- endif -%}
{%- endmacro %}

{#-
    The raw rows an incrementally staged _validated model parses this run, as
    text columns plus `_loaded_at` (source_columns_as_text with_loaded_at).
      key_expressions  list of [staged key column, SQL on the raw text columns
                       that gives it] (the model's parse of its key columns)
      parent           optional {'relation': ref of the parent _validated
                       model, 'column': its key column, 'expression': SQL on
                       this table's raw columns giving the parent key}
    Use with config materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert', unique_key=<the key columns> and
    pre_hook reset_staging_unless_new_load(); the model carries `_loaded_at`
    and `quarantine_reason` through to its final select.
-#}
{% macro incremental_source_rows(source_name, table_name, key_expressions, parent=none) -%}
    {%- set state = huaxiang.staging_load_state() -%}
    {%- if not state.incremental -%}
    {{ huaxiang.source_columns_as_text(source_name, table_name, with_loaded_at=true) }}
    {%- else -%}
    {%- set last = "cast('" ~ state.last_loaded_at ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set columns = huaxiang.source_declared_columns(source_name, table_name) + ['_loaded_at'] -%}
    with

    raw_rows as (

        {{ huaxiang.source_columns_as_text(source_name, table_name, with_loaded_at=true) }}

    ),

    new_rows as (

        select * from raw_rows
        where _loaded_at > {{ last }} or _loaded_at is null

    ),

    keys_to_restage as (

        select
            {%- for key_column, expression in key_expressions %}
            {{ expression }} as restage_key_{{ loop.index }}{{ "," if not loop.last }}
            {%- endfor %}
        from new_rows
        union
        select
            {%- for key_column, expression in key_expressions %}
            {{ key_column }} as restage_key_{{ loop.index }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ this }}
        where quarantine_reason in (
            '{{ huaxiang.staging_recheck_reasons() | join("', '") }}'
        )

    ),

    old_rows as (

        select
            {%- for key_column, expression in key_expressions %}
            {{ expression }} as restage_key_{{ loop.index }},
            {%- endfor %}
            {%- if parent %}
            {{ parent.expression }} as restage_parent_key,
            {%- endif %}
            raw_rows.*
        from raw_rows
        where raw_rows._loaded_at <= {{ last }}

    )

    select * from new_rows
    union all
    select
        {%- for column_name in columns %}
        old_rows.{{ column_name }}{{ "," if not loop.last }}
        {%- endfor %}
    from old_rows
    where exists (
            select 1 from keys_to_restage
            where
                {%- for key_column, expression in key_expressions %}
                keys_to_restage.restage_key_{{ loop.index }}
                = old_rows.restage_key_{{ loop.index }}
                {%- if not loop.last %} and{% endif %}
                {%- endfor %}
        )
        {%- if parent %}
        or old_rows.restage_parent_key in (
            select parent_rows.{{ parent.column }}
            from {{ parent.relation }} as parent_rows
            where parent_rows._loaded_at > {{ last }}
        )
        {%- endif %}
    {%- endif -%}
{%- endmacro %}
