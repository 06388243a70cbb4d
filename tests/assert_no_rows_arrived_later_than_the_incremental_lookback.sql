{#-
    Warns (does not fail) when clean rows were not loaded by the incremental
    order, line and event models because they arrived dated before the
    lookback (var incremental_lookback_days). One row per model with the
    count, the oldest such row and how to load them.
-#}
{{ config(severity='warn') }}

select
    model_name,
    count(*) as missed_rows,
    min(occurred_at) as oldest_missed_at,
    'dbt build --full-refresh -s int_orders_unioned+ int_app_events_linked+'
    || ' (or raise var incremental_lookback_days)' as how_to_fix
from {{ ref('int_late_arrivals_missed') }}
group by model_name
