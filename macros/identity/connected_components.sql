{#-
    Connected components of an undirected graph in portable SQL (DuckDB,
    PostgreSQL, Spark: joins, group by, row_number; no recursive CTE), by
    min-label contraction with shortcutting (the contraction family of
    Kiveris et al., "Connected Components in MapReduce and Beyond", SoCC
    2014, with the pointer-jumping shortcut of Shiloach-Vishkin).

    Init (2 statements): every node gets an integer id, numbered in the
    order of a hash of its key (cc_shuffle_key: a fixed random order, so
    sorted keys along a chain do not slow it down); edges become id pairs
    (u < v). Dense ids 1..n, not the hash itself: DuckDB's 64-bit hash()
    repeats on similar keys (9 pairs among the 6M node keys at 1M
    customers, e.g. two VIP numbers differing in two digits), and dense
    integer keys make the rounds' joins faster.
    Round k (2 statements + a count) on the current edge set E:
      f(x) = smallest id within two hops of x (x included), then two
             pointer jumps f(x) := f(f(x)) (work table __cc_f<k>);
      E'   = distinct (f(u), f(v)) with f(u) <> f(v)   (work table __cc_e<k>).
    It stops when E' is empty: every node's label is then
    f_K(...f_1(x)) (composed once at the end), and component_key is the
    smallest node key carrying the label.

    Why it is right: f(x) is always in x's component, so mapping every edge
    through f keeps nodes of different components apart and (mapping whole
    paths) keeps nodes of one component together; when no edge is left, the
    labels are the components.
    Why it ends: the largest id of a component with an edge is nobody's
    f (it has a smaller neighbour and is larger than everything else), so
    every round removes at least one node of every remaining component. With
    ids in random order a round keeps about one node in nine to twelve on a
    path (the local minima within two hops, then shortcut), so a chain of
    100,000 records (200,000 nodes) takes 8 rounds where large-star /
    small-star took 15; typical identity graphs (small components) finish
    in 2-3 rounds. Each round reads only the edges still left.

    Called from a table model's body. At execution it runs the statements on
    work tables next to the model (<model>__cc_*) and returns the final query
        select node_key, component_key, rounds_to_converge
    for every node of an edge, which reads the node ids and each round's
    pointers: the model's post-hook drops them
    (drop_connected_components_work_tables()), so the result is written
    once, by the model itself. It fails the build if edges are left after
    max_rounds (raise identity_max_rounds).

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

    {%- set prefix = this.identifier ~ '__cc_' -%}
    {%- set nodes = huaxiang.cc_work_table(prefix ~ 'nodes') -%}
    {#- Drop work tables a failed run left (relation cache lookups, no query;
        'result' is the table versions before session 9 wrote). -#}
    {%- set parts = ['nodes', 'result'] -%}
    {%- for round_number in range(0, max_rounds + 1) -%}
        {%- do parts.extend(['e' ~ round_number, 'f' ~ round_number]) -%}
    {%- endfor -%}
    {%- for part in parts -%}
        {%- set stale = adapter.get_relation(
            database=this.database, schema=this.schema, identifier=prefix ~ part
        ) -%}
        {%- if stale is not none -%}
            {%- do adapter.drop_relation(stale) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- call statement('cc_nodes') -%}
        create table {{ nodes }} as
        select
            node_key,
            row_number() over (
                order by {{ huaxiang.cc_shuffle_key('node_key') }}, node_key
            ) as node_id
        from (
            select {{ left_col }} as node_key from {{ edges }}
            union
            select {{ right_col }} from {{ edges }}
        ) as distinct_nodes
    {%- endcall -%}
    {%- call statement('cc_edges') -%}
        create table {{ huaxiang.cc_work_table(prefix ~ 'e0') }} as
        select distinct
            case when l.node_id < r.node_id then l.node_id else r.node_id end as u,
            case when l.node_id < r.node_id then r.node_id else l.node_id end as v
        from {{ edges }} as e
        inner join {{ nodes }} as l on e.{{ left_col }} = l.node_key
        inner join {{ nodes }} as r on e.{{ right_col }} = r.node_key
        where l.node_id <> r.node_id
    {%- endcall -%}

    {%- set state = namespace(left=1, rounds=0) -%}
    {%- set left_edges = run_query(
        "select count(*) from " ~ huaxiang.cc_work_table(prefix ~ 'e0')
    ).columns[0].values()[0] -%}
    {%- set state.left = left_edges -%}
    {%- for round_number in range(1, max_rounds + 1) if state.left > 0 -%}
        {%- set current = huaxiang.cc_work_table(prefix ~ 'e' ~ (round_number - 1)) -%}
        {%- set pointers = huaxiang.cc_work_table(prefix ~ 'f' ~ round_number) -%}
        {%- set following = huaxiang.cc_work_table(prefix ~ 'e' ~ round_number) -%}
        {%- call statement('cc_pointers') -%}
            create table {{ pointers }} as
            {{ huaxiang.cc_pointer_step(current) }}
        {%- endcall -%}
        {%- call statement('cc_contract') -%}
            create table {{ following }} as
            select distinct
                case when fu.rep < fv.rep then fu.rep else fv.rep end as u,
                case when fu.rep < fv.rep then fv.rep else fu.rep end as v
            from {{ current }} as e
            inner join {{ pointers }} as fu on e.u = fu.node_id
            inner join {{ pointers }} as fv on e.v = fv.node_id
            where fu.rep <> fv.rep
        {%- endcall -%}
        {%- do adapter.drop_relation(current) -%}
        {%- set state.left = run_query(
            "select count(*) from " ~ following
        ).columns[0].values()[0] -%}
        {%- set state.rounds = round_number -%}
        {%- do log(
            "connected_components: round " ~ round_number ~ ", "
            ~ state.left ~ " edges left", info=true
        ) -%}
    {%- endfor -%}
    {%- do adapter.drop_relation(huaxiang.cc_work_table(prefix ~ 'e' ~ state.rounds)) -%}

    {%- if state.left > 0 -%}
        {%- do huaxiang.drop_connected_components_work_tables(this, state.rounds) -%}
        {{ exceptions.raise_compiler_error(
            "connected_components in " ~ this ~ ": " ~ state.left
            ~ " edges still left after " ~ max_rounds ~ " rounds. Raise var "
            ~ "identity_max_rounds (e.g. --vars '{identity_max_rounds: "
            ~ (max_rounds * 2) ~ "}'), or check int_identifiers_screened for "
            ~ "identifiers shared by huge numbers of records (lower "
            ~ "max_records_per_value in seeds/identity_rules.csv)."
        ) }}
    {%- endif -%}

    {#- Label = f_K(...f_1(node)); component_key = smallest key per label.
        The model writes this query: the post-hook drops the tables it reads. -#}
    with labelled as (
        select
            nodes.node_key,
            {%- set label = namespace(expr='nodes.node_id') %}
            {%- for round_number in range(1, state.rounds + 1) %}
                {%- set label.expr = 'coalesce(f' ~ round_number ~ '.rep, ' ~ label.expr ~ ')' %}
            {%- endfor %}
            {{ label.expr }} as label
        from {{ nodes }} as nodes
        {%- set joined = namespace(expr='nodes.node_id') %}
        {%- for round_number in range(1, state.rounds + 1) %}
        left join {{ huaxiang.cc_work_table(prefix ~ 'f' ~ round_number) }} as f{{ round_number }}
            on {{ joined.expr }} = f{{ round_number }}.node_id
            {%- set joined.expr = 'coalesce(f' ~ round_number ~ '.rep, ' ~ joined.expr ~ ')' %}
        {%- endfor %}
    ),

    minima as (
        select
            label,
            min(node_key) as component_key
        from labelled
        group by label
    )

    select
        labelled.node_key,
        minima.component_key,
        {{ state.rounds }} as rounds_to_converge
    from labelled
    inner join minima on labelled.label = minima.label
    {%- endif -%}
{%- endmacro %}

{#-
    Drop the node ids and pointer tables connected_components() leaves for
    the query it returns (<model>__cc_nodes, __cc_f1 .. __cc_f<rounds>):
    the model's post-hook, after the model is written. rounds defaults to
    the rounds_to_converge the model recorded.
-#}
{% macro drop_connected_components_work_tables(model, rounds=none) -%}
    {%- if execute -%}
        {%- if rounds is none -%}
            {%- set rounds = run_query(
                "select coalesce(max(rounds_to_converge), 0) from " ~ model
            ).columns[0].values()[0] | int -%}
        {%- endif -%}
        {%- set prefix = model.identifier ~ '__cc_' -%}
        {%- do adapter.drop_relation(huaxiang.cc_work_table(prefix ~ 'nodes')) -%}
        {%- for round_number in range(1, rounds + 1) -%}
            {%- do adapter.drop_relation(
                huaxiang.cc_work_table(prefix ~ 'f' ~ round_number)
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- A work table of connected_components() next to the model being built. -#}
{% macro cc_work_table(identifier) -%}
    {{- return(api.Relation.create(
        database=this.database, schema=this.schema,
        identifier=identifier, type='table'
    )) -}}
{%- endmacro %}

{#-
    One round's pointers over an edge table (u < v): f(x) = the smallest id
    within two hops of x (x included), then two pointer jumps f(f(f(x))).
    Returns (node_id, rep) for every node of the edges; rep <= node_id and rep
    is in node_id's component.
-#}
{% macro cc_pointer_step(edges) -%}
    with neighbours as (
        select u as node_id, v as neighbour_id from {{ edges }}
        union all
        select v, u from {{ edges }}
    ),

    one_hop as (
        select
            node_id,
            case when min(neighbour_id) < node_id
                then min(neighbour_id) else node_id end as smallest_id
        from neighbours
        group by node_id
    ),

    two_hops as (
        select
            neighbours.node_id,
            min(one_hop.smallest_id) as smallest_id
        from neighbours
        inner join one_hop on neighbours.neighbour_id = one_hop.node_id
        group by neighbours.node_id
    ),

    pointers as (
        select
            one_hop.node_id,
            case when two_hops.smallest_id < one_hop.smallest_id
                then two_hops.smallest_id else one_hop.smallest_id end as rep
        from one_hop
        inner join two_hops on one_hop.node_id = two_hops.node_id
    ),

    jumped as (
        select
            pointers.node_id,
            parents.rep
        from pointers
        inner join pointers as parents on pointers.rep = parents.node_id
    )

    select
        jumped.node_id,
        parents.rep
    from jumped
    inner join jumped as parents on jumped.rep = parents.node_id
{%- endmacro %}

{#-
    Sort key that shuffles node keys into a fixed pseudo-random order for
    connected_components() (ties are broken by the key itself): md5 text
    everywhere, DuckDB's 64-bit hash() where it exists (cheaper to compute
    and to sort).
-#}
{% macro cc_shuffle_key(column) -%}
    {{- return(adapter.dispatch('cc_shuffle_key', 'huaxiang')(column)) -}}
{%- endmacro %}

{% macro default__cc_shuffle_key(column) -%}
    {{ dbt.hash(column) }}
{%- endmacro %}

{% macro duckdb__cc_shuffle_key(column) -%}
    hash({{ column }})
{%- endmacro %}
