{#-
    is_anonymous and customer_id agree in int_identity_records_clustered:
    every non-anonymous record has a customer_id, every anonymous one (a POS
    card/phone pair or an app device without a usable identifier) has none,
    and CRM memberships and e-commerce accounts are never anonymous.
    Returns each inconsistent record with the rule it breaks.
-#}

with

clustered as (

    select * from {{ ref('int_identity_records_clustered') }}

),

judged as (

    select
        record_key,
        source_system,
        customer_id,
        is_anonymous,
        case
            when is_anonymous is null
                then 'is_anonymous_is_null'
            when not is_anonymous and customer_id is null
                then 'customer_record_without_customer_id'
            when is_anonymous and customer_id is not null
                then 'anonymous_record_with_customer_id'
            when is_anonymous and source_system in ('crm', 'ecom')
                then 'crm_or_ecom_record_anonymous'
        end as violation
    from clustered

)

select * from judged
where violation is not null
