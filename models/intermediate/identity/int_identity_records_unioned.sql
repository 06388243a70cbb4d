{#-
    One row per identity record: a CRM membership, an e-commerce account, a
    distinct (card, phone) pair seen at POS tills, or an app device.
    POS and app records only become customers when they carry a usable
    identifier (see int_identity_records_clustered); CRM and e-commerce
    records are customers even when nothing links them.
-#}

with

crm_members as (

    select * from {{ ref('stg_crm__members') }}

),

ecom_accounts as (

    select * from {{ ref('stg_ecom__accounts') }}

),

pos_transactions as (

    select * from {{ ref('stg_pos__transactions') }}

),

app_events as (

    select * from {{ ref('stg_app__events') }}

),

crm_records as (

    select
        'crm:' || member_id as record_key,
        'crm' as source_system,
        member_id as source_record_id,
        coalesce(registered_at, updated_at) as first_seen_at,
        coalesce(updated_at, registered_at) as last_seen_at
    from crm_members

),

ecom_records as (

    select
        'ecom:' || account_id as record_key,
        'ecom' as source_system,
        account_id as source_record_id,
        registered_at as first_seen_at,
        registered_at as last_seen_at
    from ecom_accounts

),

pos_records as (

    select
        {{ huaxiang.pos_identity_record_key('member_card_no', 'customer_phone') }}
            as record_key,
        'pos' as source_system,
        coalesce(member_card_no, '') || '|' || coalesce(customer_phone, '')
            as source_record_id,
        min(transacted_at) as first_seen_at,
        max(transacted_at) as last_seen_at
    from pos_transactions
    where member_card_no is not null or customer_phone is not null
    group by 1, 2, 3

),

app_records as (

    select
        'app:' || device_id as record_key,
        'app' as source_system,
        device_id as source_record_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at
    from app_events
    group by 1, 2, 3

),

unioned as (

    select * from crm_records
    union all
    select * from ecom_records
    union all
    select * from pos_records
    union all
    select * from app_records

),

source_systems as (

    select * from {{ ref('source_systems') }}

),

final as (

    select
        unioned.record_key,
        unioned.source_system,
        unioned.source_record_id,
        unioned.first_seen_at,
        unioned.last_seen_at,
        source_systems.survivorship_priority as source_priority,
        source_systems.is_customer_by_itself
    from unioned
    inner join source_systems
        on unioned.source_system = source_systems.source_system

)

select * from final
