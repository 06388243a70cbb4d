{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['order_id', 'line_no'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'ecom', 'ecom_order_lines',
        [
            ['order_id', huaxiang.normalize_key('order_id')],
            ['line_no', huaxiang.parse_integer('line_no')],
        ],
        parent={
            'relation': ref('stg_ecom__orders_validated'),
            'column': 'order_id',
            'expression': huaxiang.normalize_key('order_id'),
        },
    ) }}

),

orders as (

    select order_id from {{ ref('stg_ecom__orders') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('order_id') }} as order_id,
        {{ huaxiang.parse_integer('line_no') }} as line_no,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.parse_integer('quantity') }} as quantity,
        {{ huaxiang.parse_amount('unit_price') }} as unit_price_cny,
        {{ huaxiang.parse_amount('line_amount') }} as line_amount_cny,
        {{ huaxiang.raw_record_text([
            'order_id', 'line_no', 'product_id', 'quantity', 'unit_price',
            'line_amount'
        ]) }} as raw_record,
        _loaded_at
    from source

),

ranked as (

    select
        parsed.*,
        orders.order_id is not null as has_parent,
        {{ huaxiang.key_rank(
            ['parsed.order_id', 'parsed.line_no'],
            order_by='raw_record, _loaded_at'
        ) }}
            as duplicate_rank
    from parsed
    left join orders
        on parsed.order_id = orders.order_id

),

final as (

    select
        {{ dbt.concat(["order_id", "'-'", "cast(line_no as " ~ dbt.type_string() ~ ")"]) }}
            as order_line_id,
        order_id,
        line_no,
        product_id,
        quantity,
        unit_price_cny,
        line_amount_cny,
        {{ huaxiang.issue_list({
            'product_missing': "product_id is null",
        }) }} as field_issues,
        case
            when order_id is null or line_no is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when not has_parent then 'parent_quarantined'
            when quantity is null or quantity = 0 then 'invalid_quantity'
            when line_amount_cny is null then 'invalid_amount'
            when {{ huaxiang.is_amount_out_of_range([
                'unit_price_cny', 'line_amount_cny'
            ]) }} then 'amount_out_of_range'
            when quantity < 0 or line_amount_cny < 0
                then 'negative_amount_on_sale'
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from ranked

)

select * from final
