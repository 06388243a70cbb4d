{{ huaxiang.select_clean_rows(ref('stg_pos__transaction_lines_validated')) }}
