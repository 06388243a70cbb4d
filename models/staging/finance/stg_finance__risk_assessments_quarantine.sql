{{ huaxiang.select_quarantined_rows(
    ref('stg_finance__risk_assessments_validated'),
    'finance_risk_assessments',
    'assessment_id'
) }}
