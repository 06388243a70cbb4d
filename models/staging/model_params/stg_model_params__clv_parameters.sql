{#-
    BG/NBD and Gamma-Gamma parameters exported from a DuckDB fit, typed.
    Replaces the Python model int_clv_parameters_fitted on engines that cannot
    run it.
-#}

with

source as (

    select * from {{ source('model_params', 'clv_parameters') }}

),

final as (

    select
        cast(submodel as {{ dbt.type_string() }}) as submodel,
        cast(parameter_name as {{ dbt.type_string() }}) as parameter_name,
        cast(parameter_value as {{ huaxiang.type_double() }}) as parameter_value,
        cast(training_rows as bigint) as training_rows,
        cast(period_days as {{ huaxiang.type_double() }}) as period_days
    from source

)

select * from final
