{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('merch', 'products') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.clean_text('product_name') }} as product_name,
        {{ huaxiang.clean_text('category') }} as category,
        {{ huaxiang.clean_text('subcategory') }} as subcategory,
        {{ huaxiang.clean_text('brand') }} as brand,
        {{ huaxiang.parse_amount('list_price') }} as list_price_cny,
        list_price as list_price_text,
        {{ huaxiang.raw_record_text([
            'product_id', 'product_name', 'category', 'subcategory', 'brand',
            'list_price'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        *,
        {{ huaxiang.key_rank(['product_id']) }} as duplicate_rank
    from parsed

),

final as (

    select
        product_id,
        product_name,
        coalesce(category, 'unknown') as category,
        subcategory,
        brand,
        list_price_cny,
        {{ huaxiang.issue_list({
            'list_price_invalid':
                "list_price_cny is null and list_price_text is not null",
            'category_missing': "category is null",
        }) }} as field_issues,
        case
            when product_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
