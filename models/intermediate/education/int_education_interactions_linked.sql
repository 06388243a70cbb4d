{#- Learner interactions with the customer_id of the learner. -#}

with

facts as (

    select * from {{ ref('stg_education__interactions') }}

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
        facts.interaction_id,
        facts.interaction_type,
        facts.interacted_at
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
