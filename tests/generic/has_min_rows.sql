{#-
    The relation has at least min_rows rows: a source file that arrives empty
    (or a folder pointed at the wrong place) fails the build here, before any
    customer silently disappears from the marts.
-#}
{% test has_min_rows(model, min_rows=1) %}

select row_count
from (select count(*) as row_count from {{ model }}) as counted
where row_count < {{ min_rows }}

{% endtest %}
