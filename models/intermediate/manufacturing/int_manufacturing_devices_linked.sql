{#- Registered devices with the customer_id of their owner and the model's product
    line; is_under_warranty on the as-of date. -#}

with

devices as (

    select * from {{ ref('stg_manufacturing__devices') }}

),

products as (

    select * from {{ ref('stg_merch__products') }}

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
        devices.serial_no,
        devices.product_id,
        products.category as product_line,
        products.subcategory as model_type,
        products.product_name as model_name,
        devices.purchase_date,
        devices.purchase_channel,
        devices.usage_scenario,
        devices.warranty_end_date,
        devices.warranty_end_date >= {{ huaxiang.as_of_date() }}
            as is_under_warranty
    from devices
    left join products
        on devices.product_id = products.product_id
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || devices.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || devices.account_id

),

final as (

    select * from linked
    where customer_id is not null

)

select * from final
