{{ huaxiang.select_quarantined_rows(
    ref('stg_manufacturing__devices_validated'),
    'manufacturing_devices',
    'serial_no'
) }}
