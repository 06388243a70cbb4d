{{ huaxiang.select_clean_rows(ref('stg_finance__credit_accounts_validated')) }}
