{{ huaxiang.select_quarantined_rows(
    ref('stg_manufacturing__service_tickets_validated'),
    'manufacturing_service_tickets',
    'ticket_id'
) }}
