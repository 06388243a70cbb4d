{{ huaxiang.select_quarantined_rows(
    ref('stg_education__interactions_validated'),
    'education_interactions',
    'interaction_id'
) }}
