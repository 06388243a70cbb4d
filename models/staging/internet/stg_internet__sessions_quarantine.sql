{{ huaxiang.select_quarantined_rows(
    ref('stg_internet__sessions_validated'),
    'internet_sessions',
    'session_id'
) }}
