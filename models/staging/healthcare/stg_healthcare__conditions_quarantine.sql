{{ huaxiang.select_quarantined_rows(
    ref('stg_healthcare__conditions_validated'),
    'healthcare_conditions',
    'condition_id'
) }}
