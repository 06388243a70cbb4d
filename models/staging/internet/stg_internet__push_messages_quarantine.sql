{{ huaxiang.select_quarantined_rows(
    ref('stg_internet__push_messages_validated'),
    'internet_push_messages',
    'push_id'
) }}
