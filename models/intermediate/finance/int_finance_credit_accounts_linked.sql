{#- Credit cards and loans with the customer_id of their borrower. -#}

with

credit_accounts as (

    select * from {{ ref('stg_finance__credit_accounts') }}

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
        credit_accounts.credit_account_id,
        credit_accounts.product_type,
        credit_accounts.credit_limit_cny,
        credit_accounts.balance_cny,
        case
            when credit_accounts.credit_limit_cny > 0
                then cast(
                        credit_accounts.balance_cny
                        / credit_accounts.credit_limit_cny as decimal(18, 4)
                    )
        end as utilisation_ratio,
        credit_accounts.days_past_due,
        credit_accounts.months_on_book,
        credit_accounts.opened_date,
        credit_accounts.snapshot_date
    from credit_accounts
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || credit_accounts.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || credit_accounts.account_id

),

final as (

    select * from linked
    where customer_id is not null

)

select * from final
