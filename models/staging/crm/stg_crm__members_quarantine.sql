{{ huaxiang.select_quarantined_rows(
    ref('stg_crm__members_validated'), 'crm_members', 'member_id'
) }}
