{#-
    Identity-graph alarm: the share of customers holding more than
    var identity_many_identifiers distinct usable identifiers (phones, e-mails,
    cards, accounts, devices) stays at or below
    var identity_many_identifiers_max_share. A rising share means identifiers
    are being chained through shared values (over-merging) even when no single
    cluster is huge. Returns one row when the share is too high.
    How to fix: see assert_no_oversized_identity_cluster.
-#}

with

evidence as (

    select * from {{ ref('fct_identity_evidence') }}

),

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

identifiers as (

    select
        customer_id,
        count(distinct identifier_type || ':' || identifier_hash) as identifiers
    from evidence
    where is_usable and customer_id is not null
    group by customer_id

),

share as (

    select
        count(*) as customers,
        sum(case
            when identifiers.identifiers > {{ var('identity_many_identifiers') }}
                then 1 else 0
        end) as customers_with_many
    from customers
    left join identifiers
        on customers.customer_id = identifiers.customer_id

)

select
    customers,
    customers_with_many,
    cast(customers_with_many as {{ huaxiang.type_double() }}) / nullif(customers, 0) as share_with_many,
    {{ var('identity_many_identifiers_max_share') }} as max_share_allowed
from share
where cast(customers_with_many as {{ huaxiang.type_double() }}) / nullif(customers, 0)
    > {{ var('identity_many_identifiers_max_share') }}
