{{ huaxiang.select_quarantined_rows(
    ref('stg_internet__social_actions_validated'),
    'internet_social_actions',
    'action_id'
) }}
