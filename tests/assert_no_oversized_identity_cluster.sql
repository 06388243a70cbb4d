{#-
    Identity-graph alarm: no customer gathers more than
    var identity_alarm_max_records_per_customer identity records. A cluster
    that big is almost always an over-merge: a shared value (a store's phone,
    a family e-mail, a test card) joining strangers. Returns each oversized
    customer with its record count and its most-shared identifier types.
    How to fix: look the customer up in fct_identity_evidence, add the shared
    value to seeds/identity_blocklist.csv (or lower the identifier's
    cardinality limit in seeds/identity_rules.csv), rebuild.
-#}

with

records as (

    select * from {{ ref('dim_identity_records') }}

),

sizes as (

    select
        customer_id,
        count(*) as records
    from records
    where customer_id is not null
    group by customer_id

)

select
    customer_id,
    records,
    {{ var('identity_alarm_max_records_per_customer') }} as max_records_allowed
from sizes
where records > {{ var('identity_alarm_max_records_per_customer') }}
