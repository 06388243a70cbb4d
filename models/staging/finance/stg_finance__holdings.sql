{{ huaxiang.select_clean_rows(ref('stg_finance__holdings_validated')) }}
