{#-
    The evaluation rows the Python fits wrote on DuckDB (K-means selection and
    stability, CLV, churn and (finance) credit scorecard holdout evaluations),
    exported as one file and typed like them. Replaces
    int_kmeans_solutions_evaluated, int_clv_holdout_evaluated,
    int_churn_holdout_evaluated and int_credit_scorecard_evaluated in
    fct_model_metrics on engines that cannot run Python models.
-#}

with

source as (

    select * from {{ source('model_params', 'model_evaluations') }}

),

final as (

    select
        cast(model_name as {{ dbt.type_string() }}) as model_name,
        cast(model_version as {{ dbt.type_string() }}) as model_version,
        cast(as_of_date as {{ dbt.type_string() }}) as as_of_date,
        cast(metric_group as {{ dbt.type_string() }}) as metric_group,
        cast(metric_name as {{ dbt.type_string() }}) as metric_name,
        cast(metric_detail as {{ dbt.type_string() }}) as metric_detail,
        cast(metric_value as {{ huaxiang.type_double() }}) as metric_value,
        cast(sample_size as bigint) as sample_size,
        cast(holdout_start_date as {{ dbt.type_string() }}) as holdout_start_date,
        cast(holdout_end_date as {{ dbt.type_string() }}) as holdout_end_date,
        cast(library as {{ dbt.type_string() }}) as library
    from source

)

select * from final
