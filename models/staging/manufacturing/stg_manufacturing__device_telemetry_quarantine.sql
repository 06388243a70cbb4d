{{ huaxiang.select_quarantined_rows(
    ref('stg_manufacturing__device_telemetry_validated'),
    'manufacturing_device_telemetry',
    dbt.concat([
        "coalesce(serial_no, '')", "'|'",
        "coalesce(cast(reading_date as " ~ dbt.type_string() ~ "), '')"
    ])
) }}
