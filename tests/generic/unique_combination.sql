{#-
    The combination of several columns is unique: the primary-key test of a
    model whose key spans more than one column. Returns each repeated
    combination with the number of rows carrying it. Rows where a key column
    is null are compared as values (null = null), so a null in a key column
    does not hide a duplicate; add not_null tests for the columns themselves.

    Arguments:
      columns  list of column names, at least two.
-#}
{% test unique_combination(model, columns) %}

{%- if columns is string or columns | length < 2 -%}
    {{ exceptions.raise_compiler_error(
        "unique_combination on " ~ model ~ " needs a list of at least two "
        ~ "columns, got " ~ columns ~ ". For one column use the unique test."
    ) }}
{%- endif %}

select
    {{ columns | join(',\n    ') }},
    count(*) as rows_with_combination
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
