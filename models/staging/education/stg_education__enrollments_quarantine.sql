{{ huaxiang.select_quarantined_rows(
    ref('stg_education__enrollments_validated'),
    'education_enrollments',
    'enrollment_id'
) }}
