{{ huaxiang.select_quarantined_rows(
    ref('stg_pos__transaction_lines_validated'),
    'pos_transaction_lines',
    "coalesce(receipt_no, '') || '-' || coalesce(cast(line_no as " ~ dbt.type_string() ~ "), '')"
) }}
