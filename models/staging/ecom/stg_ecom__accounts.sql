{{ huaxiang.select_clean_rows(ref('stg_ecom__accounts_validated')) }}
