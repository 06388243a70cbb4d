{{ huaxiang.select_clean_rows(ref('stg_merch__products_validated')) }}
