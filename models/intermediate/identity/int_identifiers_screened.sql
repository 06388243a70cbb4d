{#-
    Every extracted identifier with the verdict of the identity rules seeds:
    usable for linking, or excluded with a reason. Exclusions, in order:
      type_disabled               identity_rules.is_enabled is false
      placeholder_value           matches identity_blocklist (exact or regex)
      shared_by_too_many_records  more records carry it than max_records_per_value
      too_many_values_on_record   the record carries more values of this type
                                  than max_values_per_record (a shared device)
-#}

with

identifiers as (

    select * from {{ ref('int_identifiers_extracted') }}

),

rules as (

    select * from {{ ref('identity_rules') }}

),

blocklist as (

    select * from {{ ref('identity_blocklist') }}

),

value_counts as (

    select
        identifier_type,
        identifier_value,
        count(distinct record_key) as records_with_value
    from identifiers
    group by 1, 2

),

blocked_values as (

    select distinct
        value_counts.identifier_type,
        value_counts.identifier_value
    from value_counts
    inner join blocklist
        on value_counts.identifier_type = blocklist.identifier_type
            and {{ huaxiang.matches_blocklist_entry('value_counts.identifier_value') }}
    -- The same seed with literal patterns, so the join sees only the few
    -- candidates (a regex read from a column compiles once per row).
    where {{ huaxiang.blocklist_prefilter(
        'value_counts.identifier_type',
        'value_counts.identifier_value',
        ref('identity_blocklist')
    ) }}

),

record_value_counts as (

    select
        record_key,
        identifier_type,
        count(distinct identifier_value) as values_on_record
    from identifiers
    group by 1, 2

),

judged as (

    select
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        value_counts.records_with_value,
        record_value_counts.values_on_record,
        rules.priority as identifier_priority,
        case
            when rules.identifier_type is null or not rules.is_enabled
                then 'type_disabled'
            when blocked_values.identifier_value is not null
                then 'placeholder_value'
            when value_counts.records_with_value > rules.max_records_per_value
                then 'shared_by_too_many_records'
            when record_value_counts.values_on_record > rules.max_values_per_record
                then 'too_many_values_on_record'
        end as exclusion_reason
    from identifiers
    inner join value_counts
        on identifiers.identifier_type = value_counts.identifier_type
            and identifiers.identifier_value = value_counts.identifier_value
    inner join record_value_counts
        on identifiers.record_key = record_value_counts.record_key
            and identifiers.identifier_type = record_value_counts.identifier_type
    left join rules
        on identifiers.identifier_type = rules.identifier_type
    left join blocked_values
        on identifiers.identifier_type = blocked_values.identifier_type
            and identifiers.identifier_value = blocked_values.identifier_value

),

final as (

    select
        *,
        exclusion_reason is null as is_usable,
        identifier_type || ':' || identifier_value as identifier_node_key
    from judged

)

select * from final
