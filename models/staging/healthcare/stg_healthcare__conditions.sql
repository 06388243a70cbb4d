{{ huaxiang.select_clean_rows(ref('stg_healthcare__conditions_validated')) }}
