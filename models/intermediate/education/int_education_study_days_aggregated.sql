{#- Study minutes per customer and local calendar day (the grain of rules such as
    "more than 30 minutes on each of 3 consecutive days"). -#}

with

sessions as (

    select * from {{ ref('stg_education__study_sessions') }}

),

identity_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_identity_records_clustered') }}
    where customer_id is not null

),

linked as (

    select
        coalesce(by_member.customer_id, by_account.customer_id) as customer_id,
        cast(
            {{ huaxiang.utc_to_local('sessions.started_at') }} as date
        ) as study_date,
        extract(hour from {{ huaxiang.utc_to_local('sessions.started_at') }})
            as local_hour,
        sessions.study_minutes
    from sessions
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || sessions.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || sessions.account_id

),

final as (

    select
        customer_id,
        study_date,
        count(*) as session_count,
        sum(study_minutes) as study_minutes,
        min(local_hour) as first_local_hour,
        max(local_hour) as last_local_hour
    from linked
    where customer_id is not null
    group by customer_id, study_date

)

select * from final
