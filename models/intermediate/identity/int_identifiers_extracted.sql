{#- One row per (record, identifier type, normalised value) seen on the record. -#}

with

crm_members as (

    select * from {{ ref('stg_crm__members') }}

),

ecom_accounts as (

    select * from {{ ref('stg_ecom__accounts') }}

),

pos_transactions as (

    select distinct
        member_card_no,
        customer_phone
    from {{ ref('stg_pos__transactions') }}
    where member_card_no is not null or customer_phone is not null

),

app_events as (

    select distinct
        device_id,
        login_account_id,
        login_phone
    from {{ ref('stg_app__events') }}

),

crm_identifiers as (

    select
        'crm:' || member_id as record_key,
        'member_card' as identifier_type,
        member_card_no as identifier_value
    from crm_members
    union all
    select
        'crm:' || member_id as record_key,
        'phone' as identifier_type,
        mobile
    from crm_members
    union all
    select
        'crm:' || member_id as record_key,
        'email' as identifier_type,
        email
    from crm_members

),

ecom_identifiers as (

    select
        'ecom:' || account_id as record_key,
        'ecom_account' as identifier_type,
        account_id as identifier_value
    from ecom_accounts
    union all
    select
        'ecom:' || account_id as record_key,
        'member_card' as identifier_type,
        bound_member_card_no
    from ecom_accounts
    union all
    select
        'ecom:' || account_id as record_key,
        'phone' as identifier_type,
        phone
    from ecom_accounts
    union all
    select
        'ecom:' || account_id as record_key,
        'email' as identifier_type,
        email
    from ecom_accounts

),

pos_identifiers as (

    select
        {{ huaxiang.pos_identity_record_key('member_card_no', 'customer_phone') }}
            as record_key,
        'member_card' as identifier_type,
        member_card_no as identifier_value
    from pos_transactions
    union all
    select
        {{ huaxiang.pos_identity_record_key('member_card_no', 'customer_phone') }},
        'phone' as identifier_type,
        customer_phone
    from pos_transactions

),

app_identifiers as (

    select
        'app:' || device_id as record_key,
        'ecom_account' as identifier_type,
        login_account_id as identifier_value
    from app_events
    union all
    select
        'app:' || device_id as record_key,
        'phone' as identifier_type,
        login_phone
    from app_events

),

unioned as (

    select * from crm_identifiers
    union all
    select * from ecom_identifiers
    union all
    select * from pos_identifiers
    union all
    select * from app_identifiers

)

select distinct
    record_key,
    identifier_type,
    identifier_value
from unioned
where identifier_value is not null
