{#-
    Churn-warning coefficients, scaler and calibration exported from a DuckDB
    fit, typed. Replaces the Python model int_churn_coefficients_fitted on
    engines that cannot run it.
-#}

with

source as (

    select * from {{ source('model_params', 'churn_coefficients') }}

),

final as (

    select
        cast(term_name as {{ dbt.type_string() }}) as term_name,
        cast(term_kind as {{ dbt.type_string() }}) as term_kind,
        cast(feature_transform as {{ dbt.type_string() }}) as feature_transform,
        cast(scaler_mean as {{ huaxiang.type_double() }}) as scaler_mean,
        cast(scaler_scale as {{ huaxiang.type_double() }}) as scaler_scale,
        cast(parameter_value as {{ huaxiang.type_double() }}) as parameter_value,
        cast(training_rows as bigint) as training_rows
    from source

)

select * from final
