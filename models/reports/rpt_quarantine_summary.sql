{#- Quarantined rows per source table and reason code. -#}

with

quarantined as (

    select * from {{ ref('fct_quarantined_rows') }}

)

select
    source_table,
    reason_code,
    count(*) as rows
from quarantined
group by source_table, reason_code
