{{ huaxiang.select_quarantined_rows(
    ref('stg_pos__stores_validated'), 'pos_stores', 'store_id'
) }}
