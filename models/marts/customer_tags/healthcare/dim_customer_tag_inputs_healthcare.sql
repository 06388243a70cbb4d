{#-
    The measured values behind the healthcare tags, one row per customer:
    visits in the window of var rfm_window_days and the department visited
    most, the number of chronic conditions on record (a count: no diagnosis
    code leaves the intermediate layer), abnormal lab results, follow-ups due
    and done, and app use. The rules of seeds/tag_catalog.csv (industry
    healthcare) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'healthcare') }}

{%- set window_start = dbt.dateadd(
    'day', -1 * var('rfm_window_days'), huaxiang.as_of_date()) %}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

features as (

    select * from {{ ref('int_customer_features_aggregated') }}

),

visits as (

    select
        customer_id,
        department,
        visit_type,
        cast({{ huaxiang.utc_to_local('visited_at') }} as date) as visit_date
    from {{ ref('int_healthcare_visits_linked') }}

),

conditions as (

    select * from {{ ref('int_healthcare_conditions_linked') }}
    where first_diagnosed_date is null
        or first_diagnosed_date <= {{ huaxiang.as_of_date() }}

),

lab_results as (

    select
        customer_id,
        is_abnormal,
        cast({{ huaxiang.utc_to_local('tested_at') }} as date) as tested_date
    from {{ ref('int_healthcare_lab_results_linked') }}

),

follow_ups as (

    select * from {{ ref('int_healthcare_follow_ups_linked') }}
    where scheduled_date <= {{ huaxiang.as_of_date() }}
        and scheduled_date > {{ window_start }}

),

visit_stats as (

    select
        customer_id,
        count(*) as visits_365d,
        sum(case when visit_type = 'checkup' then 1 else 0 end)
            as checkups_365d
    from visits
    where visit_date <= {{ huaxiang.as_of_date() }}
        and visit_date > {{ window_start }}
    group by customer_id

),

top_departments as (

    select
        customer_id,
        department as top_department_365d
    from (
        select
            customer_id,
            department,
            row_number() over (
                partition by customer_id
                order by count(*) desc, department asc
            ) as department_rank
        from visits
        where visit_date <= {{ huaxiang.as_of_date() }}
            and visit_date > {{ window_start }}
            and department is not null
        group by customer_id, department
    ) as ranked
    where department_rank = 1

),

condition_stats as (

    select
        customer_id,
        count(distinct condition_code) as chronic_condition_count
    from conditions
    group by customer_id

),

lab_stats as (

    select
        customer_id,
        sum(case when is_abnormal then 1 else 0 end) as abnormal_results_180d
    from lab_results
    where tested_date <= {{ huaxiang.as_of_date() }}
        and tested_date > {{ dbt.dateadd('day', -180, huaxiang.as_of_date()) }}
    group by customer_id

),

follow_up_stats as (

    select
        customer_id,
        count(*) as follow_ups_due_365d,
        sum(case when is_completed then 1 else 0 end)
            as follow_ups_done_365d
    from follow_ups
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        cast(coalesce(visit_stats.visits_365d, 0) as bigint) as visits_365d,
        cast(coalesce(visit_stats.checkups_365d, 0) as bigint)
            as checkups_365d,
        top_departments.top_department_365d,
        cast(coalesce(condition_stats.chronic_condition_count, 0) as bigint)
            as chronic_condition_count,
        cast(coalesce(lab_stats.abnormal_results_180d, 0) as bigint)
            as abnormal_results_180d,
        cast(coalesce(follow_up_stats.follow_ups_due_365d, 0) as bigint)
            as follow_ups_due_365d,
        case
            when follow_up_stats.follow_ups_due_365d > 0
                then
                    cast(follow_up_stats.follow_ups_done_365d as {{ huaxiang.type_double() }})
                    / follow_up_stats.follow_ups_due_365d
        end as follow_up_completion_rate,
        cast(coalesce(features.app_events_90d, 0) as bigint) as app_events_90d
    from customers
    left join features
        on customers.customer_id = features.customer_id
    left join visit_stats
        on customers.customer_id = visit_stats.customer_id
    left join top_departments
        on customers.customer_id = top_departments.customer_id
    left join condition_stats
        on customers.customer_id = condition_stats.customer_id
    left join lab_stats
        on customers.customer_id = lab_stats.customer_id
    left join follow_up_stats
        on customers.customer_id = follow_up_stats.customer_id

)

select * from final
