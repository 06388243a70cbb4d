{{ huaxiang.select_clean_rows(ref('stg_healthcare__follow_ups_validated')) }}
