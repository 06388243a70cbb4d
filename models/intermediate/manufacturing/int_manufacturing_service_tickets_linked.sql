{#- Service tickets with the customer_id of the customer they name, or else of
    the registered owner of the device. -#}

with

tickets as (

    select * from {{ ref('stg_manufacturing__service_tickets') }}

),

devices as (

    select
        serial_no,
        customer_id
    from {{ ref('int_manufacturing_devices_linked') }}

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
        coalesce(
            by_member.customer_id, by_account.customer_id, by_device.customer_id
        ) as customer_id,
        case
            when by_member.customer_id is not null then 'crm'
            when by_account.customer_id is not null then 'ecom'
            when by_device.customer_id is not null then 'device'
        end as linked_via,
        tickets.ticket_id,
        tickets.serial_no,
        tickets.ticket_type,
        tickets.opened_at,
        tickets.closed_at,
        {{ dbt.datediff('tickets.opened_at', 'tickets.closed_at', 'hour') }}
            as resolution_hours,
        tickets.nps_score
    from tickets
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || tickets.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || tickets.account_id
    left join devices as by_device
        on tickets.serial_no = by_device.serial_no

),

final as (

    select * from linked
    where customer_id is not null

)

select * from final
