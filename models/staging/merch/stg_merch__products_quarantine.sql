{{ huaxiang.select_quarantined_rows(
    ref('stg_merch__products_validated'), 'products', 'product_id'
) }}
