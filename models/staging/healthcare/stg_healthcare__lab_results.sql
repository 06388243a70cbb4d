{{ huaxiang.select_clean_rows(ref('stg_healthcare__lab_results_validated')) }}
