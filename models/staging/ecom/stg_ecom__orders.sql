{{ huaxiang.select_clean_rows(ref('stg_ecom__orders_validated')) }}
