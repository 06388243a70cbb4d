{{ huaxiang.select_clean_rows(ref('stg_pos__stores_validated')) }}
