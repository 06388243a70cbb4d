{{ huaxiang.select_clean_rows(ref('stg_manufacturing__devices_validated')) }}
