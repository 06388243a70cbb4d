{#- One row per client company: attributes, the current (or latest) subscription
    term and how many customers are linked to it as contacts. -#}

with

companies as (

    select * from {{ ref('stg_b2b__companies') }}

),

subscriptions as (

    select * from {{ ref('stg_b2b__subscriptions') }}

),

contacts as (

    select * from {{ ref('int_b2b_contacts_linked') }}

),

latest_term as (

    select
        *,
        row_number() over (
            partition by company_id
            order by start_date desc, subscription_id desc
        ) as term_rank,
        count(*) over (partition by company_id) as term_count
    from subscriptions
    where start_date <= {{ huaxiang.as_of_date() }}

),

contact_counts as (

    select
        company_id,
        count(*) as linked_contacts,
        sum(case when contact_role = 'champion' then 1 else 0 end)
            as champion_contacts
    from contacts
    group by company_id

),

final as (

    select
        companies.company_id,
        companies.sector,
        companies.employee_count,
        companies.city,
        companies.created_date,
        latest_term.subscription_id as latest_subscription_id,
        latest_term.plan,
        latest_term.seats_purchased,
        latest_term.seats_active,
        cast(
            latest_term.seats_active * 1.0
            / nullif(latest_term.seats_purchased, 0) as decimal(6, 4)
        ) as seat_utilisation,
        latest_term.annual_value_cny,
        latest_term.start_date as term_start_date,
        latest_term.end_date as term_end_date,
        latest_term.end_date >= {{ huaxiang.as_of_date() }} as is_subscribed,
        coalesce(latest_term.term_count, 0) as term_count,
        coalesce(contact_counts.linked_contacts, 0) as linked_contacts,
        coalesce(contact_counts.champion_contacts, 0) as champion_contacts
    from companies
    left join latest_term
        on companies.company_id = latest_term.company_id
            and latest_term.term_rank = 1
    left join contact_counts
        on companies.company_id = contact_counts.company_id

)

select * from final
