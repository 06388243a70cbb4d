{#-
    One row per calendar day: the MetricFlow time spine (metric_time) and the
    month calendar of fct_customer_months. Runs from var min_valid_date (the
    oldest plausible order date) to var time_spine_days_after_as_of days
    after the as-of date.
-#}

with

days as (

    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('min_valid_date') ~ "' as date)",
        dbt.dateadd('day', var('time_spine_days_after_as_of'),
            huaxiang.as_of_date())
    ) }}

),

final as (

    select
        cast(date_day as date) as date_day,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast(date_day as date) <= {{ huaxiang.as_of_date() }} as is_on_or_before_as_of
    from days

)

select * from final
