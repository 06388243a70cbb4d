{#-
    Baskets for association rules: one row per (counted purchase, item) up to
    the as-of date, the item being the product category or the product
    (var recommendation_item_level). Anonymous baskets are kept: they say
    what sells together even when nobody can be recommended to.
-#}

{%- set level = var('recommendation_item_level') %}
{%- if level not in ['category', 'product_id'] %}
    {{ exceptions.raise_compiler_error(
        "int_basket_items_collected: var recommendation_item_level must be "
        ~ "'category' or 'product_id', got '" ~ level ~ "'"
    ) }}
{%- endif %}

with

orders as (

    select * from {{ ref('int_orders_unioned') }}
    where is_counted_purchase
        and order_date <= {{ huaxiang.as_of_date() }}

),

lines as (

    select * from {{ ref('int_order_lines_unioned') }}
    where net_revenue_cny > 0 and {{ level }} is not null

),

final as (

    select distinct
        orders.order_id,
        orders.customer_id,
        cast(lines.{{ level }} as {{ dbt.type_string() }}) as item_code
    from orders
    inner join lines
        on orders.order_id = lines.order_id

)

select * from final
