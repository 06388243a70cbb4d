{#-
    Connected components of an undirected graph in portable SQL, converging
    inside one model run: the large-star / small-star algorithm (Kiveris et
    al., "Connected Components in MapReduce and Beyond", SoCC 2014). Each
    round is two set-based SQL statements; the number of rounds grows with
    log(component size), not with chain length.

    Called from a table model's body. At execution it runs the rounds as
    statements on work tables next to the model, checks convergence after
    each round and returns the final query:
        select node_key, component_key   (component_key = smallest node key)
    Every node that appears in an edge is returned. It fails the build if the
    graph has not converged after max_rounds (raise identity_max_rounds).

    Arguments:
      edges       relation with two node-key columns
      left_col    first node-key column
      right_col   second node-key column
      max_rounds  upper bound on rounds (default var identity_max_rounds)
-#}
{% macro connected_components(edges, left_col, right_col, max_rounds=none) -%}
    {%- set max_rounds = max_rounds or var('identity_max_rounds') -%}
    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {#- Parse / compile / docs: a query of the right shape, no side effects. -#}
        select
            {{ left_col }} as node_key,
            {{ left_col }} as component_key,
            0 as rounds_to_converge
        from {{ edges }}
    {%- else -%}

    {%- set work = [] -%}
    {%- for name in ['edges', 'large', 'next'] -%}
        {%- do work.append(api.Relation.create(
            database=this.database, schema=this.schema,
            identifier=this.identifier ~ '__cc_' ~ name, type='table'
        )) -%}
    {%- endfor -%}
    {%- set current, large, following = work[0], work[1], work[2] -%}

    {%- for relation in work -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {%- call statement('cc_init') -%}
        create table {{ current }} as
        select distinct
            case when {{ left_col }} < {{ right_col }}
                then {{ left_col }} else {{ right_col }} end as u,
            case when {{ left_col }} < {{ right_col }}
                then {{ right_col }} else {{ left_col }} end as v
        from {{ edges }}
        where {{ left_col }} <> {{ right_col }}
    {%- endcall -%}

    {%- set state = namespace(converged=false, rounds=0) -%}
    {%- for round_number in range(1, max_rounds + 1) if not state.converged -%}
        {%- call statement('cc_large_star') -%}
            create table {{ large }} as
            {{ huaxiang.large_star_step(current) }}
        {%- endcall -%}
        {%- call statement('cc_small_star') -%}
            create table {{ following }} as
            {{ huaxiang.small_star_step(large) }}
        {%- endcall -%}
        {%- set changed = run_query(
            "select count(*) from ((select u, v from " ~ following
            ~ " except select u, v from " ~ current ~ ") union all (select u, v from "
            ~ current ~ " except select u, v from " ~ following ~ ")) as diff"
        ).columns[0].values()[0] -%}
        {%- do adapter.drop_relation(current) -%}
        {%- do adapter.drop_relation(large) -%}
        {%- do adapter.rename_relation(following, current) -%}
        {%- set state.rounds = round_number -%}
        {%- do log(
            "connected_components: round " ~ round_number ~ ", "
            ~ changed ~ " edges changed", info=true
        ) -%}
        {%- if changed == 0 -%}
            {%- set state.converged = true -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error(
            "connected_components in " ~ this ~ " did not converge in "
            ~ max_rounds ~ " rounds. Raise var identity_max_rounds, or check "
            ~ "int_identifiers_screened for identifiers shared by huge numbers "
            ~ "of records (lower max_records_per_value in seeds/identity_rules.csv)."
        ) }}
    {%- endif -%}

    {#- Converged: a set of stars whose centres are the component minima. -#}
    select
        node_key,
        min(neighbour_key) as component_key,
        {{ state.rounds }} as rounds_to_converge
    from (
        select u as node_key, u as neighbour_key from {{ current }}
        union all
        select u, v from {{ current }}
        union all
        select v, v from {{ current }}
        union all
        select v, u from {{ current }}
    ) as star_edges
    group by node_key
    {%- endif -%}
{%- endmacro %}

{#- Large-star: link every larger neighbour of u to the minimum of u's neighbourhood. -#}
{% macro large_star_step(edges) -%}
    with neighbours as (
        select u as node_key, v as neighbour_key from {{ edges }}
        union all
        select v, u from {{ edges }}
    ),

    minima as (
        select
            node_key,
            case when min(neighbour_key) < node_key
                then min(neighbour_key) else node_key end as minimum_key
        from neighbours
        group by node_key
    )

    select distinct
        neighbours.neighbour_key as u,
        minima.minimum_key as v
    from neighbours
    inner join minima
        on neighbours.node_key = minima.node_key
    where neighbours.neighbour_key > neighbours.node_key
{%- endmacro %}

{#- Small-star: link u and its smaller neighbours to the minimum of those. -#}
{% macro small_star_step(edges) -%}
    with neighbours as (
        select u as node_key, v as neighbour_key from {{ edges }}
        union all
        select v, u from {{ edges }}
    ),

    smaller as (
        select node_key, neighbour_key
        from neighbours
        where neighbour_key < node_key
    ),

    minima as (
        select node_key, min(neighbour_key) as minimum_key
        from smaller
        group by node_key
    )

    select node_key as u, minimum_key as v from minima
    union
    select smaller.neighbour_key as u, minima.minimum_key as v
    from smaller
    inner join minima
        on smaller.node_key = minima.node_key
    where smaller.neighbour_key <> minima.minimum_key
{%- endmacro %}
