{{ huaxiang.select_clean_rows(ref('stg_education__study_sessions_validated')) }}
