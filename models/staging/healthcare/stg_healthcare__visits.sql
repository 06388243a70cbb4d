{{ huaxiang.select_clean_rows(ref('stg_healthcare__visits_validated')) }}
