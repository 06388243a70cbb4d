{#- Identity records per source system and how many customers they resolved to. -#}

with

records as (

    select * from {{ ref('dim_identity_records') }}

),

customer_sizes as (

    select
        customer_id,
        count(*) as records_per_customer
    from records
    where customer_id is not null
    group by customer_id

)

select
    records.source_system,
    count(*) as records,
    count(distinct records.customer_id) as customers,
    cast(sum(
        case when customer_sizes.records_per_customer > 1 then 1 else 0 end
    ) as bigint) as records_in_multi_record_customers
from records
left join customer_sizes
    on records.customer_id = customer_sizes.customer_id
group by records.source_system
