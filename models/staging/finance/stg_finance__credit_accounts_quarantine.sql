{{ huaxiang.select_quarantined_rows(
    ref('stg_finance__credit_accounts_validated'),
    'finance_credit_accounts',
    'credit_account_id'
) }}
