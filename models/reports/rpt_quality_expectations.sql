{#- Great Expectations results for the data-quality page and the publish gate. -#}

with

expectations as (

    select * from {{ ref('fct_quality_expectations') }}

)

select
    expectation_id,
    table_name,
    expectation_type,
    column_name,
    is_critical,
    is_success,
    element_count,
    unexpected_count,
    unexpected_percent,
    observed_value,
    description_zh,
    description_en,
    case
        when is_success then 'pass'
        when is_critical then 'fail'
        else 'warn'
    end as outcome
from expectations
