{{ huaxiang.select_clean_rows(
    ref('stg_manufacturing__device_telemetry_validated')
) }}
