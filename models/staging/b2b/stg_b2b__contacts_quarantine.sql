{{ huaxiang.select_quarantined_rows(
    ref('stg_b2b__contacts_validated'),
    'b2b_contacts',
    'contact_id'
) }}
