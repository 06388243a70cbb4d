{#-
    Great Expectations results of this build (one row per expectation of
    seeds/quality_expectations.csv), typed under a contract. Computed by the
    Python model fct_quality_expectations_evaluated.
-#}

with

evaluated as (

    select * from {{ ref('fct_quality_expectations_evaluated') }}

)

select
    cast(expectation_id as varchar) as expectation_id,
    cast(table_name as varchar) as table_name,
    cast(expectation_type as varchar) as expectation_type,
    cast(column_name as varchar) as column_name,
    cast(is_critical as boolean) as is_critical,
    cast(is_success as boolean) as is_success,
    cast(element_count as bigint) as element_count,
    cast(unexpected_count as bigint) as unexpected_count,
    cast(unexpected_percent as double) as unexpected_percent,
    cast(observed_value as varchar) as observed_value,
    cast(description_zh as varchar) as description_zh,
    cast(description_en as varchar) as description_en
from evaluated
