{#-
    Credit scorecard bins, WoE and points exported from a DuckDB fit, typed.
    Replaces the Python model int_credit_scorecard_fitted (finance only) on
    engines that cannot run it: dim_customer_credit_score scores from it.
-#}

with

source as (

    select * from {{ source('model_params', 'credit_scorecard_parameters') }}

),

final as (

    select
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(bin_index as bigint) as bin_index,
        cast(lower_edge as {{ huaxiang.type_double() }}) as lower_edge,
        cast(upper_edge as {{ huaxiang.type_double() }}) as upper_edge,
        cast(bads as bigint) as bads,
        cast(goods as bigint) as goods,
        cast(bad_rate as {{ huaxiang.type_double() }}) as bad_rate,
        cast(woe as {{ huaxiang.type_double() }}) as woe,
        cast(information_value as {{ huaxiang.type_double() }}) as information_value,
        cast(is_monotone_required as boolean) as is_monotone_required,
        cast(coefficient as {{ huaxiang.type_double() }}) as coefficient,
        cast(points as {{ huaxiang.type_double() }}) as points,
        cast(intercept as {{ huaxiang.type_double() }}) as intercept,
        cast(scaling_factor as {{ huaxiang.type_double() }}) as scaling_factor,
        cast(scaling_offset as {{ huaxiang.type_double() }}) as scaling_offset,
        cast(training_rows as bigint) as training_rows
    from source

)

select * from final
