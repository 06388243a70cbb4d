{#-
    Identity graph components computed in portable SQL (min-label
    contraction with shortcutting, see
    macros/identity/connected_components.sql). This is the resolver
    PostgreSQL and Spark use; on DuckDB it is also built and must give the
    same partition as int_identity_components_scipy. There it carries the tag
    resolver_cross_check, which the daily_refresh selector leaves out.
-#}
{{ config(
    tags=(
        ['resolver_cross_check'] if huaxiang.identity_resolver() == 'scipy' else []
    ),
    post_hook=[
        "{{ huaxiang.drop_connected_components_work_tables(this) }}",
    ]
) }}

{{ huaxiang.connected_components(
    edges=ref('int_identity_edges_filtered'),
    left_col='record_key',
    right_col='identifier_node_key',
) }}
