{#-
    B2B tags, one column per row of seeds/tag_catalog.csv with industry
    b2b. The columns and their rules come from the catalog (through the
    generated YAML beside this file); add a tag by adding a catalog row.
-#}

{{ config(enabled=huaxiang.industry() == 'b2b') }}

with

inputs as (

    select * from {{ ref('dim_customer_tag_inputs_b2b') }}

),

final as (

    select
        inputs.customer_id,
        {{ huaxiang.tag_columns('b2b', 'inputs') }},
        cast({{ huaxiang.as_of_date() }} as {{ dbt.type_timestamp() }})
            as computed_at
    from inputs

)

select * from final
