{#-
    Every identity record (CRM membership, e-commerce account, POS card/phone
    pair, app device) and the customer it resolved to. Record ids are
    pseudonymised (salted hash of the record key): raw ids stay in intermediate.
-#}

with

records as (

    select * from {{ ref('int_identity_records_clustered') }}

)

select
    {{ huaxiang.pseudonymize('record_key') }} as record_id,
    source_system,
    customer_id,
    is_anonymous,
    is_anchor_record,
    usable_identifiers,
    first_seen_at,
    last_seen_at
from records
