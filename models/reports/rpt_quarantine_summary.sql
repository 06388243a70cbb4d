{#-
    Quarantined rows per source table and reason code, with the reason's
    description (zh/en) and how to fix it from seeds/quarantine_reasons.csv.
-#}

with

quarantined as (

    select * from {{ ref('fct_quarantined_rows') }}

),

reasons as (

    select * from {{ ref('quarantine_reasons') }}

),

counted as (

    select
        source_table,
        reason_code,
        count(*) as rows
    from quarantined
    group by source_table, reason_code

)

select
    counted.source_table,
    counted.reason_code,
    counted.rows,
    coalesce(reasons.description_zh, counted.reason_code) as reason_zh,
    coalesce(reasons.description_en, counted.reason_code) as reason_en,
    reasons.severity,
    reasons.how_to_fix
from counted
left join reasons
    on counted.reason_code = reasons.reason_code
