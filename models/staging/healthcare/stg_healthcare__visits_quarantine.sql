{{ huaxiang.select_quarantined_rows(
    ref('stg_healthcare__visits_validated'),
    'healthcare_visits',
    'visit_id'
) }}
