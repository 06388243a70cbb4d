{{ config(
    severity='warn',
    enabled=target.type != 'spark' or var('spark_snapshot_file_format') != ''
) }}
{#-
    Run-to-run customer_id churn (fct_identity_churn): warns when the share of
    a source's records that moved to another customer since the previous
    build date exceeds var identity_churn_warn_share. Some churn is expected
    (new records link two known customers); a jump after a rule or blocklist
    change means downstream ids (exports, audiences, history) moved too.
-#}

select *
from {{ ref('fct_identity_churn') }}
where moved_share > {{ var('identity_churn_warn_share') }}
