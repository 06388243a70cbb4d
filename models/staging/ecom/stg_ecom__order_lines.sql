{{ huaxiang.select_clean_rows(ref('stg_ecom__order_lines_validated')) }}
