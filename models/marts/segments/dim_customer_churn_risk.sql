{#-
    Churn warning for every customer who has bought, scored in SQL from the
    logistic regression and sigmoid calibration fitted in Python
    (int_churn_coefficients_fitted) on the features at the as-of date
    (snapshot `scoring` of int_churn_features_snapshotted):

    score       = intercept + sum coefficient * (transform(x) - mean) / scale
    probability = 1 / (1 + exp(calibration_slope * score + calibration_intercept))

    The probability is that of no purchase in the next var churn_window_days.
    Risk band: the band with the highest minimum probability at or below it
    (var churn_risk_band_min_probability; labels in seeds/churn_risk_bands.csv).
-#}

{%- set features = var('churn_features') %}
{%- set bands = var('churn_risk_band_min_probability') %}
{%- for feature_name, transform in features.items() %}
    {%- if transform not in ['log1p', 'none'] %}
        {{ exceptions.raise_compiler_error(
            "churn_features." ~ feature_name ~ ": unknown transform '"
            ~ transform ~ "' (use log1p or none) in dbt_project.yml vars"
        ) }}
    {%- endif %}
{%- endfor %}
{%- if bands is not mapping or bands | length == 0 or 0 not in (bands.values() | list) and 0.0 not in (bands.values() | list) %}
    {{ exceptions.raise_compiler_error(
        "dim_customer_churn_risk: var churn_risk_band_min_probability must map "
        ~ "band codes to minimum probabilities, one of them 0, e.g. "
        ~ "{low: 0.0, medium: 0.3, high: 0.6}; got " ~ bands
    ) }}
{%- endif %}

with

snapshot as (

    select * from {{ ref('int_churn_features_snapshotted') }}
    where snapshot_name = 'scoring'

),

fitted as (

    select * from {{ huaxiang.python_fit_ref(
        'int_churn_coefficients_fitted', 'stg_model_params__churn_coefficients'
    ) }}

),

band_labels as (

    select * from {{ ref('churn_risk_bands') }}

),

parameters as (

    select
        {%- for feature_name in features %}
            max(case when term_name = '{{ feature_name }}' then scaler_mean end)
                as mean_{{ loop.index }},
            max(case when term_name = '{{ feature_name }}' then scaler_scale end)
                as scale_{{ loop.index }},
            max(
                case when term_name = '{{ feature_name }}' then parameter_value end
            ) as coefficient_{{ loop.index }},
        {%- endfor %}
        max(case when term_kind = 'intercept' then parameter_value end)
            as intercept,
        max(case when term_kind = 'calibration_slope' then parameter_value end)
            as calibration_slope,
        max(
            case when term_kind = 'calibration_intercept' then parameter_value end
        ) as calibration_intercept
    from fitted
    having count(*) > 0

),

band_thresholds as (

    {%- for band_code, min_probability in bands.items() %}
        select
            '{{ band_code }}' as band_code,
            cast({{ min_probability }} as {{ huaxiang.type_double() }}) as min_probability
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

transformed as (

    select
        customer_id,
        cutoff_date,
        {%- for feature_name, transform in features.items() %}
            {%- if transform == 'log1p' %}
                sign(cast({{ feature_name }} as {{ huaxiang.type_double() }}))
                * ln(1 + abs(cast({{ feature_name }} as {{ huaxiang.type_double() }})))
                    as value_{{ loop.index }},
            {%- else %}
                cast({{ feature_name }} as {{ huaxiang.type_double() }}) as value_{{ loop.index }},
            {%- endif %}
        {%- endfor %}
        recency_days
    from snapshot

),

scored as (

    select
        transformed.customer_id,
        transformed.cutoff_date,
        transformed.recency_days,
        parameters.intercept
        {%- for feature_name in features %}
            + parameters.coefficient_{{ loop.index }}
            * (transformed.value_{{ loop.index }} - parameters.mean_{{ loop.index }})
            / parameters.scale_{{ loop.index }}
        {%- endfor %}
            as churn_score,
        parameters.calibration_slope,
        parameters.calibration_intercept
    from transformed
    cross join parameters

),

probabilities as (

    select
        customer_id,
        cutoff_date,
        recency_days,
        churn_score,
        1 / (1 + exp(calibration_slope * churn_score + calibration_intercept))
            as churn_probability
    from scored

),

banded as (

    select
        probabilities.*,
        band_thresholds.band_code,
        row_number() over (
            partition by probabilities.customer_id
            order by band_thresholds.min_probability desc
        ) as band_rank
    from probabilities
    inner join band_thresholds
        on probabilities.churn_probability >= band_thresholds.min_probability

),

final as (

    select
        banded.customer_id,
        banded.cutoff_date as scored_as_of_date,
        cast(banded.recency_days as bigint) as recency_days,
        banded.churn_score,
        banded.churn_probability,
        banded.band_code as risk_band_code,
        band_labels.band_name_zh as risk_band_name_zh,
        band_labels.band_name_en as risk_band_name_en,
        cast({{ var('churn_window_days') }} as integer) as window_days
    from banded
    left join band_labels
        on banded.band_code = band_labels.band_code
    where banded.band_rank = 1

)

select * from final
