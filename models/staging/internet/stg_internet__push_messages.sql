{{ huaxiang.select_clean_rows(ref('stg_internet__push_messages_validated')) }}
