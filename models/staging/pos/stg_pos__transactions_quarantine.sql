{{ huaxiang.select_quarantined_rows(
    ref('stg_pos__transactions_validated'), 'pos_transactions', 'receipt_no'
) }}
