{#-
    Freshness measured against the business as-of date (not the wall clock,
    so reruns of history stay reproducible): the latest value of a UTC
    timestamp column is at most max_days_stale days before the as-of date.
    Returns the latest timestamp when it is too old.
-#}
{% test is_fresh_at_as_of_date(model, column_name, max_days_stale=3) %}

select latest_at
from (select max({{ column_name }}) as latest_at from {{ model }}) as latest
where latest_at is null
    or {{ huaxiang.utc_to_local('latest_at') }}
    < {{ dbt.dateadd('day', -1 * max_days_stale, huaxiang.as_of_date()) }}

{% endtest %}
