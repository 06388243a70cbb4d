{#- App sessions with the customer_id of the user; started_local_at in business-local time (for time-of-day). -#}

with

facts as (

    select * from {{ ref('stg_internet__sessions') }}

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
        coalesce(by_account.customer_id, by_member.customer_id) as customer_id,
        case
            when by_account.customer_id is not null then 'ecom'
            when by_member.customer_id is not null then 'crm'
        end as linked_via,
        facts.session_id,
        facts.started_at,
        {{ huaxiang.utc_to_local('facts.started_at') }} as started_local_at,
        facts.duration_seconds,
        facts.content_category,
        facts.items_viewed
    from facts
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || facts.account_id
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || facts.member_id

),

final as (

    select * from linked
    where customer_id is not null

)

select * from final
