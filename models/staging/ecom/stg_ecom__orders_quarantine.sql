{{ huaxiang.select_quarantined_rows(
    ref('stg_ecom__orders_validated'), 'ecom_orders', 'order_id'
) }}
