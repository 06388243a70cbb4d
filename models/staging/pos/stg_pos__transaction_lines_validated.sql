{{ config(
    materialized=huaxiang.incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key=['receipt_no', 'line_no'],
    on_schema_change='fail',
    pre_hook="{{ huaxiang.reset_staging_unless_new_load() }}",
) }}

with

source as (

    {{ huaxiang.incremental_source_rows(
        'pos', 'pos_transaction_lines',
        [
            ['receipt_no', huaxiang.normalize_key('receipt_no')],
            ['line_no', huaxiang.parse_integer('line_no')],
        ],
        parent={
            'relation': ref('stg_pos__transactions_validated'),
            'column': 'receipt_no',
            'expression': huaxiang.normalize_key('receipt_no'),
        },
    ) }}

),

transactions as (

    select
        receipt_no,
        transaction_type
    from {{ ref('stg_pos__transactions') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('receipt_no') }} as receipt_no,
        {{ huaxiang.parse_integer('line_no') }} as line_no,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.parse_integer('quantity') }} as quantity,
        {{ huaxiang.parse_amount('unit_price') }} as unit_price_cny,
        {{ huaxiang.parse_amount('discount_amount') }} as discount_amount_cny,
        {{ huaxiang.parse_amount('line_amount') }} as line_amount_cny,
        {{ huaxiang.raw_record_text([
            'receipt_no', 'line_no', 'product_id', 'quantity', 'unit_price',
            'discount_amount', 'line_amount'
        ]) }} as raw_record,
        _loaded_at
    from source

),

ranked as (

    select
        parsed.*,
        transactions.transaction_type,
        {{ huaxiang.key_rank(
            ['parsed.receipt_no', 'parsed.line_no'],
            order_by='raw_record, _loaded_at'
        ) }}
            as duplicate_rank
    from parsed
    left join transactions
        on parsed.receipt_no = transactions.receipt_no

),

final as (

    select
        {{ dbt.concat(["receipt_no", "'-'", "cast(line_no as " ~ dbt.type_string() ~ ")"]) }}
            as receipt_line_id,
        receipt_no,
        line_no,
        product_id,
        quantity,
        unit_price_cny,
        coalesce(discount_amount_cny, 0) as discount_amount_cny,
        line_amount_cny,
        {{ huaxiang.issue_list({
            'product_missing': "product_id is null",
        }) }} as field_issues,
        case
            when receipt_no is null or line_no is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when transaction_type is null then 'parent_quarantined'
            when quantity is null or quantity = 0 then 'invalid_quantity'
            when line_amount_cny is null then 'invalid_amount'
            when {{ huaxiang.is_amount_out_of_range([
                'unit_price_cny', 'line_amount_cny'
            ]) }} then 'amount_out_of_range'
            when transaction_type = 'SALE'
                and (quantity < 0 or line_amount_cny < 0)
                then 'negative_amount_on_sale'
        end as quarantine_reason,
        duplicate_rank,
        raw_record,
        _loaded_at
    from ranked

)

select * from final
