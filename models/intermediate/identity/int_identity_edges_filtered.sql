{#-
    Edges of the identity graph: record -> usable identifier. The graph is
    bipartite (records and identifier values); its connected components are
    the customers.
-#}

with

screened as (

    select * from {{ ref('int_identifiers_screened') }}

)

select distinct
    record_key,
    identifier_node_key
from screened
where is_usable
