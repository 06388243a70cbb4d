{#-
    The portable SQL resolver (min-label contraction, see
    macros/identity/connected_components.sql) and the scipy resolver put
    every node of the identity graph in the same component. Both label a
    component by its smallest node key, so their rows compare directly.
    Returns the rows only one of them produces: a node in one model only, or
    in both with different components (then both rows). The scipy model runs
    on DuckDB only, so this test does too.
-#}
{{ config(enabled=target.type == 'duckdb') }}

with

sql_components as (

    select node_key, component_key
    from {{ ref('int_identity_components_sql') }}

),

scipy_components as (

    select node_key, component_key
    from {{ ref('int_identity_components_scipy') }}

),

disagreements as (

    {#- One full outer join on the node key (unique in both models) instead
        of two EXCEPTs: half the hashing at 1M customers. -#}
    select
        sql_components.node_key as sql_node_key,
        sql_components.component_key as sql_component_key,
        scipy_components.node_key as scipy_node_key,
        scipy_components.component_key as scipy_component_key
    from sql_components
    full outer join scipy_components
        on sql_components.node_key = scipy_components.node_key
    where sql_components.node_key is null
        or scipy_components.node_key is null
        or sql_components.component_key <> scipy_components.component_key

)

select
    'int_identity_components_sql' as found_only_in,
    sql_node_key as node_key,
    sql_component_key as component_key
from disagreements
where sql_node_key is not null
union all
select
    'int_identity_components_scipy' as found_only_in,
    scipy_node_key as node_key,
    scipy_component_key as component_key
from disagreements
where scipy_node_key is not null
