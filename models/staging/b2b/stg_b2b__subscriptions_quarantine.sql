{{ huaxiang.select_quarantined_rows(
    ref('stg_b2b__subscriptions_validated'),
    'b2b_subscriptions',
    'subscription_id'
) }}
