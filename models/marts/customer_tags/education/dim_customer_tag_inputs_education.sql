{#-
    The measured values behind the education tags, one row per customer:
    study streaks (consecutive local days with more than var
    tag_active_learner_min_minutes of study, over the last 30 days), the usual
    study hour, course completion and expiry, interactions, and the course
    category bought most. The rules of seeds/tag_catalog.csv (industry
    education) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'education') }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

study_days as (

    select * from {{ ref('int_education_study_days_aggregated') }}
    where study_date <= {{ huaxiang.as_of_date() }}
        and study_date > {{ dbt.dateadd('day', -30, huaxiang.as_of_date()) }}

),

enrollments as (

    select * from {{ ref('int_education_enrollments_linked') }}
    where enrolled_date <= {{ huaxiang.as_of_date() }}

),

interactions as (

    select * from {{ ref('int_education_interactions_linked') }}
    where cast({{ huaxiang.utc_to_local('interacted_at') }} as date)
        <= {{ huaxiang.as_of_date() }}
        and cast({{ huaxiang.utc_to_local('interacted_at') }} as date)
        > {{ dbt.dateadd('day', -30, huaxiang.as_of_date()) }}

),

long_days as (

    select
        customer_id,
        study_date,
        {{ dbt.datediff("cast('2000-01-01' as date)", 'study_date', 'day') }}
        - row_number() over (
            partition by customer_id order by study_date
        ) as streak_key
    from study_days
    where study_minutes > {{ var('tag_active_learner_min_minutes') }}

),

streaks as (

    select
        customer_id,
        max(streak_days) as longest_study_streak_30d
    from (
        select
            customer_id,
            streak_key,
            count(*) as streak_days
        from long_days
        group by customer_id, streak_key
    ) as runs
    group by customer_id

),

study_stats as (

    select
        customer_id,
        sum(study_minutes) as study_minutes_30d,
        sum(
            case
                when study_date
                    > {{ dbt.dateadd('day', -14, huaxiang.as_of_date()) }}
                    then study_minutes
                else 0
            end
        ) as study_minutes_14d
    from study_days
    group by customer_id

),

usual_hours as (

    select
        customer_id,
        first_local_hour as usual_study_hour_30d
    from (
        select
            customer_id,
            first_local_hour,
            row_number() over (
                partition by customer_id
                order by count(*) desc, first_local_hour asc
            ) as hour_rank
        from study_days
        group by customer_id, first_local_hour
    ) as ranked
    where hour_rank = 1

),

enrollment_stats as (

    select
        customer_id,
        sum(
            case
                when expires_date >= {{ huaxiang.as_of_date() }} then 1 else 0
            end
        ) as active_enrollments,
        min(
            case
                when expires_date >= {{ huaxiang.as_of_date() }}
                    then {{ dbt.datediff(huaxiang.as_of_date(), 'expires_date', 'day') }}
            end
        ) as days_to_next_expiry,
        sum(lessons_completed) as lessons_completed,
        sum(case when lessons_completed is not null then lessons_total end)
            as lessons_total
    from enrollments
    group by customer_id

),

interaction_stats as (

    select
        customer_id,
        count(*) as interactions_30d
    from interactions
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        rfm.top_category_365d,
        cast(coalesce(streaks.longest_study_streak_30d, 0) as bigint)
            as longest_study_streak_30d,
        cast(coalesce(study_stats.study_minutes_30d, 0) as bigint)
            as study_minutes_30d,
        cast(coalesce(study_stats.study_minutes_14d, 0) as bigint)
            as study_minutes_14d,
        cast(usual_hours.usual_study_hour_30d as bigint) as usual_study_hour_30d,
        cast(coalesce(enrollment_stats.active_enrollments, 0) as bigint)
            as active_enrollments,
        cast(enrollment_stats.days_to_next_expiry as bigint)
            as days_to_next_expiry,
        case
            when enrollment_stats.lessons_total > 0
                then
                    cast(enrollment_stats.lessons_completed as {{ huaxiang.type_double() }})
                    / enrollment_stats.lessons_total
        end as lesson_completion_rate,
        cast(coalesce(interaction_stats.interactions_30d, 0) as bigint)
            as interactions_30d
    from customers
    left join rfm
        on customers.customer_id = rfm.customer_id
    left join streaks
        on customers.customer_id = streaks.customer_id
    left join study_stats
        on customers.customer_id = study_stats.customer_id
    left join usual_hours
        on customers.customer_id = usual_hours.customer_id
    left join enrollment_stats
        on customers.customer_id = enrollment_stats.customer_id
    left join interaction_stats
        on customers.customer_id = interaction_stats.customer_id

)

select * from final
