{#- Chronic conditions (ICD-10 category codes only) per customer: one row per
    customer and condition code, with the earliest diagnosis date. -#}

with

conditions as (

    select * from {{ ref('stg_healthcare__conditions') }}

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
        conditions.condition_id,
        conditions.condition_code,
        conditions.diagnosed_date
    from conditions
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || conditions.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || conditions.account_id

),

final as (

    select
        customer_id,
        condition_code,
        min(diagnosed_date) as first_diagnosed_date,
        count(*) as record_count
    from linked
    where customer_id is not null
    group by customer_id, condition_code

)

select * from final
