{#- Follow-ups with the customer_id of the patient; is_completed when done. -#}

with

facts as (

    select * from {{ ref('stg_healthcare__follow_ups') }}

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
        facts.follow_up_id,
        facts.condition_code,
        facts.channel,
        facts.scheduled_date,
        facts.completed_date,
        facts.completed_date is not null as is_completed,
        {{ dbt.datediff('facts.scheduled_date', 'facts.completed_date', 'day') }}
            as days_after_schedule
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
