{{ huaxiang.select_quarantined_rows(
    ref('stg_ecom__order_lines_validated'),
    'ecom_order_lines',
    "coalesce(order_id, '') || '-' || coalesce(cast(line_no as " ~ dbt.type_string() ~ "), '')"
) }}
