{{ huaxiang.select_clean_rows(ref('stg_finance__risk_assessments_validated')) }}
