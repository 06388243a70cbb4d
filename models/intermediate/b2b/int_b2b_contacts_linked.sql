{#- Contacts with the customer_id of the person: one row per customer and company
    (a person listed twice at one company keeps the most senior role). -#}

with

contacts as (

    select * from {{ ref('stg_b2b__contacts') }}

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
        contacts.contact_id,
        contacts.company_id,
        contacts.contact_role
    from contacts
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || contacts.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || contacts.account_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, company_id
            order by
                case contact_role
                    when 'executive' then 1
                    when 'champion' then 2
                    when 'admin' then 3
                    when 'billing' then 4
                    else 5
                end,
                contact_id
        ) as role_rank
    from linked
    where customer_id is not null

),

final as (

    select
        customer_id,
        company_id,
        contact_id,
        contact_role
    from ranked
    where role_rank = 1

)

select * from final
