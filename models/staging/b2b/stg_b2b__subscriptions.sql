{{ huaxiang.select_clean_rows(ref('stg_b2b__subscriptions_validated')) }}
