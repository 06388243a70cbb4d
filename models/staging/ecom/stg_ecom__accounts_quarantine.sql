{{ huaxiang.select_quarantined_rows(
    ref('stg_ecom__accounts_validated'), 'ecom_accounts', 'account_id'
) }}
