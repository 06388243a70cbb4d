{#-
    Orders across POS and e-commerce with the resolved customer and the
    revenue rule (built in int_orders_unioned; this is its public, contracted
    form for BI).
-#}

select * from {{ ref('int_orders_unioned') }}  -- noqa: AM04
