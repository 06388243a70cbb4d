{#-
    The measured values behind the internet / content-app tags, one row per
    customer: active days, session depth and time of day, content interests,
    social actions, push responses, payments and the sign-up cohort. Activity
    windows end at the as-of date. The rules of seeds/tag_catalog.csv
    (industry internet) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'internet') }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

sessions as (

    select
        customer_id,
        content_category,
        items_viewed,
        duration_seconds,
        cast(started_local_at as date) as session_date,
        extract(hour from started_local_at) as session_hour
    from {{ ref('int_internet_sessions_linked') }}
    where cast(started_local_at as date) <= {{ huaxiang.as_of_date() }}
        and cast(started_local_at as date)
        > {{ dbt.dateadd('day', -90, huaxiang.as_of_date()) }}

),

social_actions as (

    select * from {{ ref('int_internet_social_actions_linked') }}
    where cast({{ huaxiang.utc_to_local('acted_at') }} as date)
        <= {{ huaxiang.as_of_date() }}
        and cast({{ huaxiang.utc_to_local('acted_at') }} as date)
        > {{ dbt.dateadd('day', -90, huaxiang.as_of_date()) }}

),

pushes as (

    select * from {{ ref('int_internet_push_messages_linked') }}
    where cast({{ huaxiang.utc_to_local('sent_at') }} as date)
        <= {{ huaxiang.as_of_date() }}
        and cast({{ huaxiang.utc_to_local('sent_at') }} as date)
        > {{ dbt.dateadd('day', -90, huaxiang.as_of_date()) }}

),

activity as (

    select
        customer_id,
        count(distinct case
            when session_date > {{ dbt.dateadd('day', -7, huaxiang.as_of_date()) }}
                then session_date
        end) as active_days_7d,
        count(distinct case
            when session_date > {{ dbt.dateadd('day', -30, huaxiang.as_of_date()) }}
                then session_date
        end) as active_days_30d,
        count(*) as sessions_90d,
        avg(cast(items_viewed as {{ huaxiang.type_double() }})) as items_per_session_90d
    from sessions
    group by customer_id

),

top_categories as (

    select
        customer_id,
        content_category as top_content_category_90d
    from (
        select
            customer_id,
            content_category,
            row_number() over (
                partition by customer_id
                order by sum(duration_seconds) desc, content_category asc
            ) as category_rank
        from sessions
        where content_category is not null
        group by customer_id, content_category
    ) as ranked
    where category_rank = 1

),

peak_hours as (

    select
        customer_id,
        session_hour as peak_local_hour_90d
    from (
        select
            customer_id,
            session_hour,
            row_number() over (
                partition by customer_id
                order by count(*) desc, session_hour asc
            ) as hour_rank
        from sessions
        group by customer_id, session_hour
    ) as ranked
    where hour_rank = 1

),

social as (

    select
        customer_id,
        sum(
            case when action_type in ('share', 'invite') then 1 else 0 end
        ) as shares_invites_90d
    from social_actions
    group by customer_id

),

push_responses as (

    select
        customer_id,
        count(*) as pushes_90d,
        sum(case when is_opened then 1 else 0 end) as pushes_opened_90d
    from pushes
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        customers.lifetime_orders,
        cast(extract(year from customers.registered_at) as varchar)
        || '-Q'
        || cast(extract(quarter from customers.registered_at) as varchar)
            as signup_cohort,
        cast(coalesce(activity.active_days_7d, 0) as bigint) as active_days_7d,
        cast(coalesce(activity.active_days_30d, 0) as bigint) as active_days_30d,
        cast(coalesce(activity.sessions_90d, 0) as bigint) as sessions_90d,
        activity.items_per_session_90d,
        top_categories.top_content_category_90d,
        cast(peak_hours.peak_local_hour_90d as bigint) as peak_local_hour_90d,
        cast(coalesce(social.shares_invites_90d, 0) as bigint)
            as shares_invites_90d,
        cast(coalesce(push_responses.pushes_90d, 0) as bigint) as pushes_90d,
        case
            when push_responses.pushes_90d > 0
                then
                    cast(push_responses.pushes_opened_90d as {{ huaxiang.type_double() }})
                    / push_responses.pushes_90d
        end as push_open_rate_90d
    from customers
    left join activity
        on customers.customer_id = activity.customer_id
    left join top_categories
        on customers.customer_id = top_categories.customer_id
    left join peak_hours
        on customers.customer_id = peak_hours.customer_id
    left join social
        on customers.customer_id = social.customer_id
    left join push_responses
        on customers.customer_id = push_responses.customer_id

)

select * from final
