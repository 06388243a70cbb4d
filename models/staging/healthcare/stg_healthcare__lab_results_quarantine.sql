{{ huaxiang.select_quarantined_rows(
    ref('stg_healthcare__lab_results_validated'),
    'healthcare_lab_results',
    'result_id'
) }}
