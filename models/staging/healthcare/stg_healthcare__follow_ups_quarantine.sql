{{ huaxiang.select_quarantined_rows(
    ref('stg_healthcare__follow_ups_validated'),
    'healthcare_follow_ups',
    'follow_up_id'
) }}
