{{ huaxiang.select_clean_rows(ref('stg_pos__transactions_validated')) }}
