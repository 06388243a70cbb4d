{#-
    Raw contact data of each customer (restricted schema: personal
    information under PIPL). Only activation exports with consent read it.
-#}

with

survived as (

    select * from {{ ref('int_customer_attributes_survived') }}
    where attribute in ('customer_name', 'mobile', 'email', 'marketing_consent')

),

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

pivoted as (

    select
        customer_id,
        max(case when attribute = 'customer_name' then attribute_value end)
            as customer_name,
        max(case when attribute = 'mobile' then attribute_value end) as mobile,
        max(case when attribute = 'email' then attribute_value end) as email,
        max(case when attribute = 'marketing_consent' then attribute_value end)
            as marketing_consent
    from survived
    group by customer_id

)

select
    customers.customer_id,
    pivoted.customer_name,
    pivoted.mobile,
    pivoted.email,
    coalesce(pivoted.marketing_consent = 'true', false) as is_marketing_consented
from customers
left join pivoted
    on customers.customer_id = pivoted.customer_id
