{#- Course enrolments with the customer_id of the learner. -#}

with

facts as (

    select * from {{ ref('stg_education__enrollments') }}

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
        case
            when by_member.customer_id is not null then 'crm'
            when by_account.customer_id is not null then 'ecom'
        end as linked_via,
        facts.enrollment_id,
        facts.product_id,
        facts.enrolled_date,
        facts.expires_date,
        facts.lessons_total,
        facts.lessons_completed
    from facts
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || facts.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || facts.account_id

),

final as (

    select * from linked
    where customer_id is not null

)

select * from final
