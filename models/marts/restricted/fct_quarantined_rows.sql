{#-
    Every quarantined raw row of every source, with its reason code and the
    raw row as text (restricted: raw rows can hold personal data).
-#}

{%- set quarantine_models = [
    'stg_crm__members_quarantine',
    'stg_pos__stores_quarantine',
    'stg_pos__transactions_quarantine',
    'stg_pos__transaction_lines_quarantine',
    'stg_ecom__accounts_quarantine',
    'stg_ecom__orders_quarantine',
    'stg_ecom__order_lines_quarantine',
    'stg_app__events_quarantine',
    'stg_merch__products_quarantine',
] %}

with

unioned as (

    {%- for model_name in quarantine_models %}
        select
            source_table,
            source_record_key,
            reason_code,
            raw_record
        from {{ ref(model_name) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

numbered as (

    select
        *,
        row_number() over (
            partition by source_table, raw_record, reason_code
            order by source_record_key
        ) as copy_number
    from unioned

)

select
    {{ dbt.hash(dbt.concat([
        "source_table", "'|'", "raw_record", "'|'", "reason_code", "'|'",
        "cast(copy_number as " ~ dbt.type_string() ~ ")"
    ])) }} as quarantined_row_id,
    source_table,
    source_record_key,
    reason_code,
    raw_record
from numbered
