{#- Per identifier type: distinct values used for linking, refused, and records they linked. -#}

with

evidence as (

    select * from {{ ref('fct_identity_evidence') }}

)

select
    identifier_type,
    count(distinct case when is_usable then identifier_hash end) as values_used,
    count(distinct case when exclusion_reason = 'placeholder_value'
            then identifier_hash
    end) as values_blocked,
    count(distinct case when exclusion_reason = 'shared_by_too_many_records'
            then identifier_hash
    end) as values_over_cardinality,
    count(distinct case when links_records then record_id end) as records_linked
from evidence
group by identifier_type
