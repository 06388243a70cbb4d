{{ huaxiang.select_quarantined_rows(
    ref('stg_finance__holdings_validated'), 'finance_holdings', 'holding_id'
) }}
