{#-
    The portable SQL resolver (large-star / small-star) and the scipy resolver
    put every node of the identity graph in the same component. Both label a
    component by its smallest node key, so their rows compare directly.
    Returns the rows only one of them produces. The scipy model runs on DuckDB
    only, so this test does too.
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

only_in_sql as (

    select node_key, component_key from sql_components
    except
    select node_key, component_key from scipy_components

),

only_in_scipy as (

    select node_key, component_key from scipy_components
    except
    select node_key, component_key from sql_components

)

select 'int_identity_components_sql' as found_only_in, node_key, component_key
from only_in_sql
union all
select 'int_identity_components_scipy', node_key, component_key
from only_in_scipy
