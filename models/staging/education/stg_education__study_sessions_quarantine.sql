{{ huaxiang.select_quarantined_rows(
    ref('stg_education__study_sessions_validated'),
    'education_study_sessions',
    'study_session_id'
) }}
