{#-
    Every customer model's evaluation in one table, one row per model x
    metric (x detail): what the Python fits wrote (selection, stability,
    holdout evaluation, baselines) plus the parameters and training rows of the
    final fits the SQL scoring uses. The model cards on the report site read it.
    The credit scorecard's rows are there when its models are (finance
    industry).
-#}
{%- set has_scorecard = huaxiang.industry() == 'finance' %}

{#- Engines without Python models read what a DuckDB fit exported
    (make export-params; README "PostgreSQL and Spark"): the evaluations
    come as one file there, split again by model_name. #}

with

clusters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_kmeans_solutions_evaluated', 'stg_model_params__model_evaluations'
    ) }}
    where model_name = 'customer_clusters'

),

clv as (

    select * from {{ huaxiang.python_fit_ref(
        'int_clv_holdout_evaluated', 'stg_model_params__model_evaluations'
    ) }}
    where model_name = 'customer_lifetime_value'

),

churn as (

    select * from {{ huaxiang.python_fit_ref(
        'int_churn_holdout_evaluated', 'stg_model_params__model_evaluations'
    ) }}
    where model_name = 'churn_warning'

),

clv_parameters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_clv_parameters_fitted', 'stg_model_params__clv_parameters'
    ) }}

),

churn_parameters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_churn_coefficients_fitted', 'stg_model_params__churn_coefficients'
    ) }}

),

kmeans_parameters as (

    select * from {{ huaxiang.python_fit_ref(
        'int_kmeans_centroids_fitted', 'stg_model_params__kmeans_parameters'
    ) }}

),
{%- if has_scorecard %}

    scorecard as (

        select * from {{ huaxiang.python_fit_ref(
            'int_credit_scorecard_evaluated', 'stg_model_params__model_evaluations'
        ) }}
        where model_name = 'credit_scorecard'

    ),

    scorecard_parameters as (

        select * from {{ huaxiang.python_fit_ref(
            'int_credit_scorecard_fitted',
            'stg_model_params__credit_scorecard_parameters'
        ) }}

    ),

    scorecard_scaling as (

        select
            'factor' as metric_detail,
            max(scaling_factor) as metric_value,
            max(training_rows) as sample_size
        from scorecard_parameters
        having count(*) > 0

        union all

        select
            'offset' as metric_detail,
            max(scaling_offset) as metric_value,
            max(training_rows) as sample_size
        from scorecard_parameters
        having count(*) > 0

    ),
{%- endif %}

evaluated as (

    select * from clusters
    union all
    select * from clv
    union all
    select * from churn
    {%- if has_scorecard %}
        union all
        select * from scorecard
    {%- endif %}

),

final_fit_parameters as (

    select
        'customer_lifetime_value' as model_name,
        'parameter' as metric_name,
        submodel || '.' || parameter_name as metric_detail,
        parameter_value as metric_value,
        training_rows as sample_size
    from clv_parameters

    union all

    select
        'churn_warning' as model_name,
        'parameter' as metric_name,
        term_name as metric_detail,
        parameter_value as metric_value,
        training_rows as sample_size
    from churn_parameters

    union all

    select
        'customer_clusters' as model_name,
        'training_rows' as metric_name,
        'final_fit' as metric_detail,
        max(training_rows) as metric_value,
        max(training_rows) as sample_size
    from kmeans_parameters
    having count(*) > 0

    union all

    select
        'customer_lifetime_value' as model_name,
        'training_rows' as metric_name,
        'final_fit' as metric_detail,
        max(training_rows) as metric_value,
        max(training_rows) as sample_size
    from clv_parameters
    where submodel = 'bgnbd'
    having count(*) > 0

    union all

    select
        'churn_warning' as model_name,
        'training_rows' as metric_name,
        'final_fit' as metric_detail,
        max(training_rows) as metric_value,
        max(training_rows) as sample_size
    from churn_parameters
    having count(*) > 0
    {%- if has_scorecard %}

        union all

        select
            'credit_scorecard' as model_name,
            'woe' as metric_name,
            feature_name || '.bin=' || cast(bin_index as {{ dbt.type_string() }})
                as metric_detail,
            woe as metric_value,
            bads + goods as sample_size
        from scorecard_parameters

        union all

        select
            'credit_scorecard' as model_name,
            'points' as metric_name,
            feature_name || '.bin=' || cast(bin_index as {{ dbt.type_string() }})
                as metric_detail,
            points as metric_value,
            bads + goods as sample_size
        from scorecard_parameters

        union all

        select
            'credit_scorecard' as model_name,
            'scaling' as metric_name,
            metric_detail,
            metric_value,
            sample_size
        from scorecard_scaling

        union all

        select
            'credit_scorecard' as model_name,
            'training_rows' as metric_name,
            'final_fit' as metric_detail,
            max(training_rows) as metric_value,
            max(training_rows) as sample_size
        from scorecard_parameters
        having count(*) > 0
    {%- endif %}

),

fit_versions as (

    select distinct
        model_name,
        model_version,
        as_of_date,
        library
    from evaluated

),

final_fit_rows as (

    select
        final_fit_parameters.model_name,
        fit_versions.model_version,
        fit_versions.as_of_date,
        'fit' as metric_group,
        final_fit_parameters.metric_name,
        final_fit_parameters.metric_detail,
        final_fit_parameters.metric_value,
        final_fit_parameters.sample_size,
        cast(null as {{ dbt.type_string() }}) as holdout_start_date,
        cast(null as {{ dbt.type_string() }}) as holdout_end_date,
        fit_versions.library
    from final_fit_parameters
    inner join fit_versions
        on final_fit_parameters.model_name = fit_versions.model_name

),

unioned as (

    select * from evaluated
    union all
    select * from final_fit_rows

),

final as (

    select
        cast(model_name as {{ dbt.type_string() }}) as model_name,
        cast(model_version as {{ dbt.type_string() }}) as model_version,
        cast(as_of_date as date) as as_of_date,
        cast(metric_group as {{ dbt.type_string() }}) as metric_group,
        cast(metric_name as {{ dbt.type_string() }}) as metric_name,
        cast(metric_detail as {{ dbt.type_string() }}) as metric_detail,
        cast(metric_value as {{ huaxiang.type_double() }}) as metric_value,
        cast(sample_size as bigint) as sample_size,
        cast(holdout_start_date as date) as holdout_start_date,
        cast(holdout_end_date as date) as holdout_end_date,
        cast(library as {{ dbt.type_string() }}) as library
    from unioned

)

select * from final
