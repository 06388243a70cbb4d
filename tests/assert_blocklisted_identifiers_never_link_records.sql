{#-
    Placeholder identifiers never link records: no edge of the identity graph
    (int_identity_edges_filtered) carries a value that the identity_blocklist
    seed lists for its type, exactly or as a full regex match. Returns each
    offending edge with the blocklist row it matches.

    The type and value are read back from identifier_node_key
    ('<type>:<value>'; types contain no ':'), so the test does not trust the
    screening model it checks. The prefilter (literal patterns, for speed) is
    checked against Python's re.fullmatch in tests/python/test_identity_blocklist.py.
-#}

with

edges as (

    select * from {{ ref('int_identity_edges_filtered') }}

),

blocklist as (

    select * from {{ ref('identity_blocklist') }}

),

edges_typed as (

    select
        record_key,
        identifier_node_key,
        {{ dbt.split_part('identifier_node_key', "':'", 1) }}
            as identifier_type
    from edges

),

edge_identifiers as (

    select
        record_key,
        identifier_node_key,
        identifier_type,
        substr(identifier_node_key, length(identifier_type) + 2)
            as identifier_value
    from edges_typed

),

blocked_edges as (

    select
        edge_identifiers.record_key,
        edge_identifiers.identifier_type,
        edge_identifiers.identifier_value,
        blocklist.match_type,
        blocklist.pattern
    from edge_identifiers
    inner join blocklist
        on edge_identifiers.identifier_type = blocklist.identifier_type
        and {{ huaxiang.matches_blocklist_entry('edge_identifiers.identifier_value') }}
    where {{ huaxiang.blocklist_prefilter(
        'edge_identifiers.identifier_type',
        'edge_identifiers.identifier_value',
        ref('identity_blocklist')
    ) }}

)

select * from blocked_edges
