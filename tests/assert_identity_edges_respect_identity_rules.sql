{#-
    The identity graph obeys the identity_rules seed: every identifier that
    links records (an edge in int_identity_edges_filtered)
      - is of a type the seed lists and enables,
      - is carried by no more records than its type's max_records_per_value
        (a value typed at every till, a shared family phone), and
      - sits on a record carrying no more values of its type than
        max_values_per_record (a shared device logged into many accounts).
    Returns one row per violation, naming the rule broken. The edges are
    unique on (record_key, identifier_node_key) (the model's
    unique_combination test), so plain counts count distinct records and
    values: a distinct count costs twice as much at 1M customers.
-#}

with

edges as (

    select * from {{ ref('int_identity_edges_filtered') }}

),

rules as (

    select * from {{ ref('identity_rules') }}

),

edges_typed as (

    select
        record_key,
        identifier_node_key,
        {{ dbt.split_part('identifier_node_key', "':'", 1) }}
            as identifier_type
    from edges

),

records_per_value as (

    select
        identifier_type,
        identifier_node_key,
        count(*) as linked_count
    from edges_typed
    group by identifier_type, identifier_node_key

),

values_per_record as (

    select
        identifier_type,
        record_key,
        count(*) as linked_count
    from edges_typed
    group by identifier_type, record_key

),

disabled_types as (

    select distinct
        'type_not_enabled' as violation,
        edges_typed.identifier_type,
        edges_typed.identifier_node_key as offending_key,
        cast(null as {{ dbt.type_int() }}) as linked_count,
        cast(null as {{ dbt.type_int() }}) as allowed_count
    from edges_typed
    left join rules
        on edges_typed.identifier_type = rules.identifier_type
    where rules.identifier_type is null
        or not rules.is_enabled

),

overshared_values as (

    select
        'more_records_than_max_records_per_value' as violation,
        records_per_value.identifier_type,
        records_per_value.identifier_node_key as offending_key,
        records_per_value.linked_count,
        rules.max_records_per_value as allowed_count
    from records_per_value
    inner join rules
        on records_per_value.identifier_type = rules.identifier_type
    where records_per_value.linked_count > rules.max_records_per_value

),

overloaded_records as (

    select
        'more_values_than_max_values_per_record' as violation,
        values_per_record.identifier_type,
        values_per_record.record_key as offending_key,
        values_per_record.linked_count,
        rules.max_values_per_record as allowed_count
    from values_per_record
    inner join rules
        on values_per_record.identifier_type = rules.identifier_type
    where values_per_record.linked_count > rules.max_values_per_record

)

select * from disabled_types
union all
select * from overshared_values
union all
select * from overloaded_records
