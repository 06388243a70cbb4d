{#-
    Co-purchase association rules A -> B between items bought in the same
    basket (int_basket_items_collected):
      support(A -> B)    = baskets with A and B / all baskets
      confidence(A -> B) = baskets with A and B / baskets with A
      lift(A -> B)       = confidence / (baskets with B / all baskets)
    Rules below var recommendation_min_support, _min_confidence or _min_lift
    are dropped. Computed in SQL, so it scales with the engine. (`support`
    is a keyword to sqlfluff but the standard name of the measure: noqa.)
-#}

with

basket_items as (

    select * from {{ ref('int_basket_items_collected') }}

),

basket_total as (

    select count(distinct order_id) as baskets
    from basket_items

),

item_counts as (

    select
        item_code,
        count(*) as item_baskets
    from basket_items
    group by item_code

),

pair_counts as (

    select
        antecedents.item_code as antecedent_item,
        consequents.item_code as consequent_item,
        count(*) as pair_baskets
    from basket_items as antecedents
    inner join basket_items as consequents
        on antecedents.order_id = consequents.order_id
            and antecedents.item_code <> consequents.item_code
    group by antecedents.item_code, consequents.item_code

),

measured as (

    select
        pair_counts.antecedent_item,
        pair_counts.consequent_item,
        pair_counts.pair_baskets,
        antecedent_counts.item_baskets as antecedent_baskets,
        consequent_counts.item_baskets as consequent_baskets,
        basket_total.baskets,
        cast(pair_counts.pair_baskets as {{ huaxiang.type_double() }}) / basket_total.baskets
            as support,  -- noqa: RF04
        cast(pair_counts.pair_baskets as {{ huaxiang.type_double() }})
        / antecedent_counts.item_baskets as confidence,
        cast(pair_counts.pair_baskets as {{ huaxiang.type_double() }})
        / antecedent_counts.item_baskets
        / (
            cast(consequent_counts.item_baskets as {{ huaxiang.type_double() }}) / basket_total.baskets
        ) as lift
    from pair_counts
    inner join item_counts as antecedent_counts
        on pair_counts.antecedent_item = antecedent_counts.item_code
    inner join item_counts as consequent_counts
        on pair_counts.consequent_item = consequent_counts.item_code
    cross join basket_total

),

final as (

    select
        antecedent_item,
        consequent_item,
        '{{ var("recommendation_item_level") }}' as item_level,
        cast(pair_baskets as bigint) as pair_baskets,
        cast(antecedent_baskets as bigint) as antecedent_baskets,
        cast(consequent_baskets as bigint) as consequent_baskets,
        cast(baskets as bigint) as baskets,
        support,
        confidence,
        lift
    from measured
    where support >= {{ var('recommendation_min_support') }}
        and confidence >= {{ var('recommendation_min_confidence') }}
        and lift >= {{ var('recommendation_min_lift') }}

)

select * from final
