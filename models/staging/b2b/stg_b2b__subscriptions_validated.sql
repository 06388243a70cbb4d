{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('b2b', 'b2b_subscriptions') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('subscription_id') }} as subscription_id,
        {{ huaxiang.normalize_key('company_id') }} as company_id,
        lower({{ huaxiang.clean_text('plan') }}) as plan_raw,
        {{ huaxiang.parse_integer('seats_purchased') }} as seats_purchased,
        {{ huaxiang.parse_integer('seats_active') }} as seats_active,
        seats_active as seats_active_text,
        {{ huaxiang.parse_amount('annual_value') }} as annual_value_cny,
        {{ huaxiang.parse_date('start_date') }} as start_date,
        {{ huaxiang.parse_date('end_date') }} as end_date,
        {{ huaxiang.raw_record_text([
            'subscription_id', 'company_id', 'plan', 'seats_purchased',
            'seats_active', 'annual_value', 'start_date', 'end_date'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        plan_map.standard_value as plan,
        {{ huaxiang.key_rank(['parsed.subscription_id']) }} as duplicate_rank
    from parsed
    left join standard_values as plan_map
        on plan_map.domain = 'subscription_plan'
            and parsed.plan_raw = plan_map.raw_value

),

final as (

    select
        subscription_id,
        company_id,
        plan,
        seats_purchased,
        case
            when seats_active between 0 and seats_purchased then seats_active
        end as seats_active,
        annual_value_cny,
        start_date,
        end_date,
        {{ huaxiang.issue_list({
            'seats_active_invalid':
                "seats_active_text is not null and coalesce("
                ~ "seats_active not between 0 and seats_purchased, true)",
        }) }} as field_issues,
        case
            when subscription_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when company_id is null then 'parent_quarantined'
            when plan is null then 'unknown_product_type'
            when seats_purchased is null or seats_purchased <= 0
                then 'invalid_quantity'
            when annual_value_cny is null or annual_value_cny < 0
                then 'invalid_amount'
            when start_date is null or end_date is null
                or end_date < start_date
                then 'invalid_date'
            when start_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
