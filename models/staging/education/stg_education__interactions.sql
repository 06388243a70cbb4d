{{ huaxiang.select_clean_rows(ref('stg_education__interactions_validated')) }}
