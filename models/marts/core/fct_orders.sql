{#-
    Orders across POS and e-commerce with the resolved customer and the
    revenue rule (built incrementally in int_orders_unioned; this is its
    public, contracted form for BI: a view, so a refresh copies nothing).
-#}

select * from {{ ref('int_orders_unioned') }}  -- noqa: AM04
