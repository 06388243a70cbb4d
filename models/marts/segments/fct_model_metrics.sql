{#-
    Every customer model's evaluation in one table, one row per model x
    metric (x detail): what the Python fits wrote (selection, stability,
    holdout evaluation, baselines) plus the parameters and training rows of the
    final fits the SQL scoring uses. The model cards on the report site read it.
    The credit scorecard's rows are there when its models are (finance
    industry, an adapter that runs Python models).
-#}
{%- set has_scorecard = huaxiang.industry() == 'finance'
    and target.type in var('python_model_adapters') %}

with

clusters as (

    select * from {{ ref('int_kmeans_solutions_evaluated') }}

),

clv as (

    select * from {{ ref('int_clv_holdout_evaluated') }}

),

churn as (

    select * from {{ ref('int_churn_holdout_evaluated') }}

),

clv_parameters as (

    select * from {{ ref('int_clv_parameters_fitted') }}

),

churn_parameters as (

    select * from {{ ref('int_churn_coefficients_fitted') }}

),

kmeans_parameters as (

    select * from {{ ref('int_kmeans_centroids_fitted') }}

),
{%- if has_scorecard %}

    scorecard as (

        select * from {{ ref('int_credit_scorecard_evaluated') }}

    ),

    scorecard_parameters as (

        select * from {{ ref('int_credit_scorecard_fitted') }}

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
        cast(metric_value as double) as metric_value,
        cast(sample_size as bigint) as sample_size,
        cast(holdout_start_date as date) as holdout_start_date,
        cast(holdout_end_date as date) as holdout_end_date,
        cast(library as {{ dbt.type_string() }}) as library
    from unioned

)

select * from final
