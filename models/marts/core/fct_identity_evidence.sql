{#-
    The evidence behind every merge: one row per identifier seen on a
    record, pseudonymised (value hashed with the secret salt
    HUAXIANG_PII_SALT, see macros/privacy/pseudonymization.sql), with
    whether identity resolution used it, why not if refused, and whether it
    joined two or more records of the customer.
-#}

with

evidence as (

    select * from {{ ref('int_identity_evidence_assembled') }}

)

select
    {{ huaxiang.pseudonymize(dbt.concat([
        "record_key", "'|'", "identifier_type", "'|'", "identifier_value"
    ])) }} as evidence_id,
    {{ huaxiang.pseudonymize('record_key') }} as record_id,
    customer_id,
    source_system,
    identifier_type,
    {{ huaxiang.pseudonymize(
        dbt.concat(["identifier_type", "':'", "identifier_value"])
    ) }} as identifier_hash,
    is_usable,
    exclusion_reason,
    records_with_value,
    links_records
from evidence
