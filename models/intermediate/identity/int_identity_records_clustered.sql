{#-
    Every identity record with its customer. A customer is a connected
    component of the identity graph; its customer_id is derived from its
    anchor record (most trusted source, then earliest seen, then key), so it
    is the same on every rerun and survives new records joining the customer.
    POS pairs and app devices with no usable identifier stay anonymous
    (customer_id null): they are walk-ins and visitors, not customers.
-#}

with

records as (

    select * from {{ ref('int_identity_records_unioned') }}

),

screened as (

    select * from {{ ref('int_identifiers_screened') }}

),

components as (

    {%- if huaxiang.identity_resolver() == 'scipy' %}
        select
            node_key,
            component_key
        from {{ ref('int_identity_components_scipy') }}
    {%- else %}
    select node_key, component_key
    from {{ ref('int_identity_components_sql') }}
    {%- endif %}

),

usable_records as (

    select
        record_key,
        count(*) as usable_identifiers
    from screened
    where is_usable
    group by record_key

),

records_in_graph as (

    select
        records.*,
        coalesce(usable_records.usable_identifiers, 0) as usable_identifiers,
        coalesce(components.component_key, records.record_key) as component_key,
        records.is_customer_by_itself
        or usable_records.record_key is not null as is_customer_record
    from records
    left join usable_records
        on records.record_key = usable_records.record_key
    left join components
        on records.record_key = components.node_key

),

anchored as (

    select
        *,
        first_value(record_key) over (
            partition by component_key
            order by
                source_priority,
                first_seen_at nulls last,
                record_key
            rows between unbounded preceding and unbounded following
        ) as anchor_record_key
    from records_in_graph
    where is_customer_record

),

final as (

    select
        records_in_graph.record_key,
        records_in_graph.source_system,
        records_in_graph.source_record_id,
        records_in_graph.first_seen_at,
        records_in_graph.last_seen_at,
        records_in_graph.source_priority,
        records_in_graph.usable_identifiers,
        case when anchored.anchor_record_key is not null
                then 'C' || substr({{ dbt.hash('anchored.anchor_record_key') }}, 1, 16)
        end as customer_id,
        anchored.anchor_record_key,
        coalesce(anchored.anchor_record_key = records_in_graph.record_key, false)
            as is_anchor_record,
        anchored.record_key is null as is_anonymous
    from records_in_graph
    left join anchored
        on records_in_graph.record_key = anchored.record_key

)

select * from final
