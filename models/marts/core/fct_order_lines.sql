{#-
    Order lines across POS and e-commerce with category and customer (built
    incrementally in int_order_lines_unioned; this is its public, contracted
    form for BI: a view, so a refresh copies nothing).
-#}

select * from {{ ref('int_order_lines_unioned') }}  -- noqa: AM04
