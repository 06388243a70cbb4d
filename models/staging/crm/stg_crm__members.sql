{{ huaxiang.select_clean_rows(ref('stg_crm__members_validated')) }}
