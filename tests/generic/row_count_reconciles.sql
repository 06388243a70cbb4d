{#-
    Rows in = rows clean + rows quarantined: no raw row is lost or doubled by
    the quarantine split of a staging source (see macros/staging/quarantine.sql).
    Applied to the clean model. Returns one row, with the three counts, when
    they do not reconcile.

    Arguments:
      source_name       source of the raw table (e.g. 'crm')
      table_name        raw table in that source (e.g. 'crm_members')
      quarantine_model  the table's quarantine model, as ref('...')
-#}
{% test row_count_reconciles(model, source_name, table_name, quarantine_model) %}

with

source_rows as (

    select count(*) as row_count
    from {{ source(source_name, table_name) }}

),

clean_rows as (

    select count(*) as row_count from {{ model }}

),

quarantined_rows as (

    select count(*) as row_count from {{ quarantine_model }}

),

counts as (

    select
        source_rows.row_count as source_rows,
        clean_rows.row_count as clean_rows,
        quarantined_rows.row_count as quarantined_rows
    from source_rows
    cross join clean_rows
    cross join quarantined_rows

)

select *
from counts
where source_rows <> clean_rows + quarantined_rows

{% endtest %}
