{#-
    Pre-hook of the as-of-dated snapshots (customer_profile_snapshot): makes a
    build at as-of date X replace what the snapshot recorded for X and later.
    Versions that start on or after X are deleted and the versions they
    closed are reopened, so rebuilding the same date after the data changed
    (a re-run, a regenerated demo) neither duplicates versions nor leaves
    zero-length ones. Does nothing before the snapshot's first build.
-#}
{% macro rewind_snapshot_to_as_of() %}
    {%- set relation = huaxiang.snapshot_existing_relation() -%}
    {%- if relation is not none -%}
        delete from {{ relation }}
        where dbt_valid_from >= cast({{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }});
        update {{ relation }}
        set dbt_valid_to = null
        where dbt_valid_to >= cast({{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        select 1 as nothing_to_rewind
    {%- endif -%}
{% endmacro %}

{#- True for an SCD2 version (columns valid_from_date / valid_to_date, as
    dates) that holds on date_expr: the "state on date X" of a snapshot. -#}
{% macro scd2_valid_on(alias, date_expr) -%}
    {{ alias }}.valid_from_date <= {{ date_expr }}
    and (
        {{ alias }}.valid_to_date is null
        or {{ alias }}.valid_to_date > {{ date_expr }}
    )
{%- endmacro %}
