{{ huaxiang.select_quarantined_rows(
    ref('stg_b2b__companies_validated'),
    'b2b_companies',
    'company_id'
) }}
