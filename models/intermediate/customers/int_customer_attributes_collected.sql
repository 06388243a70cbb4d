{#-
    Every candidate value of every golden-record attribute, one row per
    (customer, attribute, record): the input of survivorship. Phones and
    emails that the identity rules refused (placeholders, shared by too many
    records) are not candidates: a placeholder never becomes a contact.
-#}

with

records as (

    select * from {{ ref('int_identity_records_clustered') }}
    where customer_id is not null

),

screened as (

    select * from {{ ref('int_identifiers_screened') }}

),

crm_members as (

    select * from {{ ref('stg_crm__members') }}

),

ecom_accounts as (

    select * from {{ ref('stg_ecom__accounts') }}

),

ecom_cities as (

    select
        account_id,
        shipping_city,
        max(ordered_at) as observed_at
    from {{ ref('stg_ecom__orders') }}
    where shipping_city is not null
    group by 1, 2

),

crm_values as (

    {%- set crm_attributes = {
        'customer_name': 'member_name',
        'mobile': 'mobile',
        'email': 'email',
        'gender': "nullif(gender, 'unknown')",
        'birth_date': 'cast(birth_date as ' ~ dbt.type_string() ~ ')',
        'city': 'city',
        'member_tier': "nullif(member_tier, 'staff')",
        'is_staff': "case when is_staff then 'true' end",
        'marketing_consent': 'cast(is_marketing_consented as ' ~ dbt.type_string() ~ ')',
        'registered_at': 'cast(registered_at as ' ~ dbt.type_string() ~ ')',
    } %}
    {%- for attribute, expression in crm_attributes.items() %}
        select
            'crm:' || member_id as record_key,
            '{{ attribute }}' as attribute,
            {{ expression }} as attribute_value,
            coalesce(updated_at, registered_at) as observed_at
        from crm_members
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

ecom_values as (

    {%- set ecom_attributes = {
        'customer_name': 'nickname',
        'mobile': 'phone',
        'email': 'email',
        'registered_at': 'cast(registered_at as ' ~ dbt.type_string() ~ ')',
    } %}
    {%- for attribute, expression in ecom_attributes.items() %}
        select
            'ecom:' || account_id as record_key,
            '{{ attribute }}' as attribute,
            {{ expression }} as attribute_value,
            registered_at as observed_at
        from ecom_accounts
        union all
    {%- endfor %}
    select
        'ecom:' || account_id as record_key,
        'city' as attribute,
        shipping_city,
        observed_at
    from ecom_cities

),

identifier_values as (

    {#- POS and app records contribute the phone they were identified by. #}
    select
        screened.record_key,
        'mobile' as attribute,
        screened.identifier_value as attribute_value,
        records.last_seen_at as observed_at
    from screened
    inner join records
        on screened.record_key = records.record_key
    where screened.identifier_type = 'phone'
        and records.source_system in ('pos', 'app')

),

unioned as (

    select * from crm_values
    union all
    select * from ecom_values
    union all
    select * from identifier_values

),

refused_contacts as (

    select distinct
        identifier_type,
        identifier_value
    from screened
    where exclusion_reason in ('placeholder_value', 'shared_by_too_many_records')

),

final as (

    select
        records.customer_id,
        unioned.attribute,
        unioned.attribute_value,
        records.source_system,
        unioned.record_key,
        unioned.observed_at
    from unioned
    inner join records
        on unioned.record_key = records.record_key
    left join refused_contacts
        on refused_contacts.identifier_type = case unioned.attribute
                when 'mobile' then 'phone' when 'email' then 'email'
            end
            and unioned.attribute_value = refused_contacts.identifier_value
    where unioned.attribute_value is not null
        and refused_contacts.identifier_value is null

)

select * from final
