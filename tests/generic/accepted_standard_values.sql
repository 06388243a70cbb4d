{#-
    Every non-null value of the column is a standard value of one domain of the
    standard_values seed: accepted values kept as data (an industry adds its
    event types to the seed, not to a YAML list). Returns the offending values.

    Arguments:
      domain  the standard_values domain (e.g. 'event_type')
-#}
{% test accepted_standard_values(model, column_name, domain) %}

with

standard_values as (

    select distinct standard_value
    from {{ ref('standard_values') }}
    where domain = '{{ domain }}'

),

column_values as (

    select distinct {{ column_name }} as value
    from {{ model }}
    where {{ column_name }} is not null

)

select column_values.value
from column_values
left join standard_values
    on column_values.value = standard_values.standard_value
where standard_values.standard_value is null

{% endtest %}
