{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('finance', 'finance_credit_accounts') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('credit_account_id') }} as credit_account_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('product_type') }}) as product_type_raw,
        {{ huaxiang.parse_amount('credit_limit') }} as credit_limit_cny,
        {{ huaxiang.parse_amount('balance') }} as balance_cny,
        {{ huaxiang.parse_integer('days_past_due') }} as days_past_due,
        days_past_due as days_past_due_text,
        {{ huaxiang.parse_integer('months_on_book') }} as months_on_book,
        {{ huaxiang.parse_date('opened_date') }} as opened_date,
        {{ huaxiang.parse_date('snapshot_date') }} as snapshot_date,
        {{ huaxiang.raw_record_text([
            'credit_account_id', 'member_id', 'account_id', 'product_type',
            'credit_limit', 'balance', 'days_past_due', 'months_on_book',
            'opened_date', 'snapshot_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        type_map.standard_value as product_type,
        {{ huaxiang.key_rank(
            ['parsed.credit_account_id', 'parsed.snapshot_date']
        ) }} as duplicate_rank
    from parsed
    left join standard_values as type_map
        on type_map.domain = 'credit_product_type'
            and parsed.product_type_raw = type_map.raw_value

),

final as (

    select
        credit_account_id,
        member_id,
        account_id,
        product_type,
        credit_limit_cny,
        balance_cny,
        case when days_past_due >= 0 then days_past_due end as days_past_due,
        months_on_book,
        opened_date,
        snapshot_date,
        {{ huaxiang.issue_list({
            'days_past_due_invalid':
                "days_past_due_text is not null and "
                ~ "coalesce(days_past_due < 0, true)",
        }) }} as field_issues,
        case
            when credit_account_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when product_type is null then 'unknown_product_type'
            when credit_limit_cny is null or credit_limit_cny < 0
                or balance_cny is null
                then 'invalid_amount'
            when opened_date is null or snapshot_date is null
                then 'invalid_date'
            when opened_date > {{ huaxiang.as_of_date() }}
                or snapshot_date > {{ huaxiang.as_of_date() }}
                then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
