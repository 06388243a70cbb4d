{{ huaxiang.select_clean_rows(ref('stg_internet__social_actions_validated')) }}
