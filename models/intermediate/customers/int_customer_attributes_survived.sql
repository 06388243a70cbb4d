{#-
    Golden-record survivorship: for each customer and attribute, the one
    value that wins under the attribute's rule in seeds/survivorship_rules.csv.
    Rules: source_priority_then_recent, most_recent_non_null, most_frequent,
    highest_value (member tiers, ranked in seeds/member_tiers.csv) and
    earliest. source_order (crm>ecom>...) lists the systems allowed to supply
    the attribute, most trusted first.
-#}

with

candidates as (

    select * from {{ ref('int_customer_attributes_collected') }}

),

rules as (

    select * from {{ ref('survivorship_rules') }}

),

tiers as (

    select * from {{ ref('member_tiers') }}

),

frequencies as (

    {#- How often each value occurs among a customer's records, for the
        most_frequent rule only: a group-by joined back costs less than a
        window over every candidate (11.5M at 1M customers, ~20% of this
        model). attribute_value is never null (not_null test), so the join
        on it finds every candidate. -#}
    select
        candidates.customer_id,
        candidates.attribute,
        candidates.attribute_value,
        count(*) as value_frequency
    from candidates
    inner join rules
        on candidates.attribute = rules.attribute
    where rules.rule = 'most_frequent'
    group by
        candidates.customer_id,
        candidates.attribute,
        candidates.attribute_value

),

eligible as (

    select
        candidates.*,
        rules.rule,
        {{ dbt.position(
            "'>' || candidates.source_system || '>'",
            "'>' || rules.source_order || '>'"
        ) }} as source_rank,
        tiers.tier_rank,
        frequencies.value_frequency
    from candidates
    inner join rules
        on candidates.attribute = rules.attribute
    left join tiers
        on candidates.attribute = 'member_tier'
            and candidates.attribute_value = tiers.member_tier
    left join frequencies
        on candidates.customer_id = frequencies.customer_id
            and candidates.attribute = frequencies.attribute
            and candidates.attribute_value = frequencies.attribute_value

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, attribute
            order by
                case when rule = 'most_frequent' then value_frequency end
                desc nulls last,
                case when rule = 'highest_value' then tier_rank end
                desc nulls last,
                case when rule in ('source_priority_then_recent', 'most_frequent')
                        then source_rank
                end nulls last,
                case when rule = 'earliest' then observed_at end nulls last,
                observed_at desc nulls last,
                source_rank asc,
                attribute_value asc
        ) as survivor_rank
    from eligible
    where source_rank > 0

)

select
    customer_id,
    attribute,
    attribute_value,
    source_system as surviving_source_system,
    record_key as surviving_record_key,
    rule as survivorship_rule
from ranked
where survivor_rank = 1
