{#- Push messages with the customer_id of the recipient; is_opened when opened. -#}

with

facts as (

    select * from {{ ref('stg_internet__push_messages') }}

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
        facts.push_id,
        facts.campaign_code,
        facts.sent_at,
        facts.opened_at,
        facts.opened_at is not null as is_opened
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
