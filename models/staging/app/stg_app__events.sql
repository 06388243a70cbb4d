{{ huaxiang.select_clean_rows(ref('stg_app__events_validated')) }}
