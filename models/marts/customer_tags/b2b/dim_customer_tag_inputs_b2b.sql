{#-
    The measured values behind the B2B / SaaS tags, one row per customer (a
    contact person at a client company): the contact's role and the state of
    their primary company (the one with the largest annual contract value):
    size, sector, plan, seat utilisation, subscription and renewal date, plus
    the contact's own app activity. The rules of seeds/tag_catalog.csv
    (industry b2b) read these columns.
-#}

{{ config(enabled=huaxiang.industry() == 'b2b') }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

features as (

    select * from {{ ref('int_customer_features_aggregated') }}

),

contacts as (

    select * from {{ ref('int_b2b_contacts_linked') }}

),

companies as (

    select * from {{ ref('int_b2b_companies_summarised') }}

),

primary_companies as (

    select
        customer_id,
        contact_role,
        company_id
    from (
        select
            contacts.customer_id,
            contacts.contact_role,
            contacts.company_id,
            row_number() over (
                partition by contacts.customer_id
                order by
                    companies.annual_value_cny desc nulls last,
                    contacts.company_id asc
            ) as company_rank
        from contacts
        left join companies
            on contacts.company_id = companies.company_id
    ) as ranked
    where company_rank = 1

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        primary_companies.contact_role,
        primary_companies.company_id is not null as has_company,
        cast(companies.employee_count as bigint) as employee_count,
        companies.sector,
        companies.plan,
        cast(companies.seat_utilisation as {{ huaxiang.type_double() }}) as seat_utilisation,
        coalesce(companies.is_subscribed, false) as is_subscribed,
        cast(
            {{ dbt.datediff(huaxiang.as_of_date(), 'companies.term_end_date', 'day') }}
            as bigint
        ) as days_to_renewal,
        cast(companies.annual_value_cny as decimal(18, 2)) as annual_value_cny,
        cast(coalesce(features.app_events_90d, 0) as bigint) as app_events_90d
    from customers
    left join primary_companies
        on customers.customer_id = primary_companies.customer_id
    left join companies
        on primary_companies.company_id = companies.company_id
    left join features
        on customers.customer_id = features.customer_id

)

select * from final
