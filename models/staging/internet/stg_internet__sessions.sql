{{ huaxiang.select_clean_rows(ref('stg_internet__sessions_validated')) }}
