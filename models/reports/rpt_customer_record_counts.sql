{#- Distribution of customers by how many source records were merged into them. -#}

with

records as (

    select * from {{ ref('dim_identity_records') }}
    where customer_id is not null

),

sizes as (

    select
        customer_id,
        count(*) as records_per_customer
    from records
    group by customer_id

)

select
    cast(records_per_customer as integer) as records_per_customer,
    count(*) as customers
from sizes
group by records_per_customer
