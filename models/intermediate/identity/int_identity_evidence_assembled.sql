{#-
    Why records were joined, and what was refused: one row per identifier on
    a customer's records, with whether it was used and, if not, why. An
    identifier with links_records = true is the evidence joining two or more
    of the customer's records.
-#}

with

clustered as (

    select * from {{ ref('int_identity_records_clustered') }}

),

screened as (

    select * from {{ ref('int_identifiers_screened') }}

),

joined as (

    select
        clustered.customer_id,
        screened.record_key,
        clustered.source_system,
        screened.identifier_type,
        screened.identifier_value,
        screened.is_usable,
        screened.exclusion_reason,
        screened.records_with_value
    from screened
    inner join clustered
        on screened.record_key = clustered.record_key

),

final as (

    select
        *,
        is_usable
        and count(*) over (
            partition by customer_id, identifier_type, identifier_value
        ) > 1 as links_records
    from joined

)

select * from final
