{#-
    Next-best items per customer from the association rules: candidates are
    the consequents of rules whose antecedent the customer has bought, minus
    everything the customer has bought; each candidate is scored by its best
    rule (highest confidence, then lift) and the top var recommendation_top_n
    are kept. Customers without a matching rule get no rows.
-#}

with

rules as (

    select * from {{ ref('fct_association_rules') }}

),

bought as (

    select distinct
        customer_id,
        item_code
    from {{ ref('int_basket_items_collected') }}
    where customer_id is not null

),

candidates as (

    select
        bought.customer_id,
        rules.consequent_item as item_code,
        rules.antecedent_item as because_of_item,
        rules.confidence,
        rules.lift,
        rules.item_level
    from bought
    inner join rules
        on bought.item_code = rules.antecedent_item

),

unbought as (

    select candidates.*
    from candidates
    left join bought
        on candidates.customer_id = bought.customer_id
            and candidates.item_code = bought.item_code
    where bought.item_code is null

),

best_rule as (

    select
        *,
        row_number() over (
            partition by customer_id, item_code
            order by confidence desc, lift desc, because_of_item asc
        ) as rule_rank
    from unbought

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by confidence desc, lift desc, item_code asc
        ) as recommendation_rank
    from best_rule
    where rule_rank = 1

),

final as (

    select
        customer_id,
        cast(recommendation_rank as integer) as recommendation_rank,
        item_level,
        item_code,
        because_of_item,
        confidence,
        lift
    from ranked
    where recommendation_rank <= {{ var('recommendation_top_n') }}

)

select * from final
