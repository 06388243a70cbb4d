{{ huaxiang.select_clean_rows(
    ref('stg_manufacturing__service_tickets_validated')
) }}
