{#-
    Incremental refresh of the order, order-line and event models. On an
    incremental run a model keeps only the rows of its final CTE that
      - are dated within var('incremental_lookback_days') before the latest
        row already loaded (new rows and late arrivals inside the lookback), or
      - already loaded with another customer_id (identity is recomputed in
        full on every build: a new record joining a customer, or linking two
        customers, moves their older rows; order lines take both from their
        order through incremental_parent_filter);
    delete+insert on the unique key then replaces those rows. Rows dated
    before the lookback that were never loaded are not picked up: the model
    int_late_arrivals_missed lists them (and its test warns) until a
    `dbt build --full-refresh`.
-#}
{% macro incremental_lookback_days() -%}
    {%- set value = var('incremental_lookback_days', 3) -%}
    {%- if value is not number or value < 0 or value != value | int -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_days must be a whole number of days >= 0, got '"
            ~ value ~ "'. Set it in dbt_project.yml or with "
            ~ "--vars '{incremental_lookback_days: 3}'."
        ) }}
    {%- endif -%}
    {{- value | int -}}
{%- endmacro %}

{#- Rows of `cte` to (re)load on an incremental run; all rows otherwise. -#}
{% macro select_incremental_rows(cte, key_column, at_column) -%}
select {{ cte }}.* from {{ cte }}
{%- if is_incremental() %}
where {{ cte }}.{{ at_column }} >= {{ huaxiang.incremental_window_start(at_column) }}
    or {{ cte }}.{{ key_column }} in (
        {{ huaxiang.keys_with_moved_customer(cte, key_column) }}
    )
{%- endif %}
{%- endmacro %}

{#- Start of the lookback window: the latest at_column already loaded in
    this model minus the lookback (min_valid_date when it is empty). -#}
{% macro incremental_window_start(at_column) -%}
    coalesce(
        (
            select
                max(loaded.{{ at_column }})
                - {{ huaxiang.interval_of(huaxiang.incremental_lookback_days(), 'day') }}
            from {{ this }} as loaded
        ),
        cast('{{ var("min_valid_date") }}' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{#- For a child model (order lines) whose rows follow their parent's
    (orders): a where clause keeping, on an incremental run, the parent rows
    whose children to (re)load, i.e. those dated within the lookback of this
    model or whose customer_id differs from the one this model holds for
    their children. Cheaper than select_incremental_rows on the child: the
    customer comparison joins this model with the already refreshed parent
    instead of recomputing every child row. Empty otherwise. -#}
{% macro incremental_parent_filter(parent, key_column, at_column) -%}
{%- if is_incremental() %}
where {{ at_column }} >= {{ huaxiang.incremental_window_start(at_column) }}
    or {{ key_column }} in (
        {{ huaxiang.keys_with_moved_customer(parent, key_column) }}
    )
{%- endif %}
{%- endmacro %}

{#-
    Materialization of the incremental models: 'incremental' (delete+insert)
    where the adapter supports delete+insert, else 'table' (rebuilt in full).
    dbt-spark's local session writes Parquet tables, for which it offers only
    append and insert_overwrite (merge needs Delta, Hudi or Iceberg).
-#}
{% macro incremental_materialization() -%}
    {{- 'table' if target.type == 'spark' else 'incremental' -}}
{%- endmacro %}

{#-
    Pre-hook of the incremental models: an incremental run is a refresh of a
    later business day. When the table already holds rows dated on or after
    the as-of date (the same date rebuilt, an earlier date, or the raw files
    regenerated), it is emptied first and the run reloads every row, as a
    full refresh would; rows of replaced raw files do not linger.
-#}
{% macro reset_incremental_unless_later_day(date_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where (
            select max({{ date_column }}) from {{ this }}
        ) >= {{ huaxiang.as_of_date() }}
    {%- else -%}
        select 1 as nothing_to_reset
    {%- endif -%}
{%- endmacro %}

{#- Keys whose customer_id in `relation` (recomputed rows, or a refreshed
    parent) differs from the one this model's table holds: the rows an
    identity merge or split moved. A select for an `in (...)` test. -#}
{% macro keys_with_moved_customer(relation, key_column) -%}
select loaded.{{ key_column }}
        from {{ this }} as loaded
        inner join {{ relation }} as recomputed
            on loaded.{{ key_column }} = recomputed.{{ key_column }}
        where coalesce(loaded.customer_id, '')
            <> coalesce(recomputed.customer_id, '')
{%- endmacro %}
