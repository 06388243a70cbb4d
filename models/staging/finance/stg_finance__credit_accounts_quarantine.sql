{#- Key: credit_account_id@snapshot_date (one row per account and snapshot;
    duplicate_rank counts within it, also when the account id is missing). -#}
{{ huaxiang.select_quarantined_rows(
    ref('stg_finance__credit_accounts_validated'),
    'finance_credit_accounts',
    "coalesce(credit_account_id, '') || '@' || "
    ~ "coalesce(cast(snapshot_date as " ~ dbt.type_string() ~ "), '')"
) }}
