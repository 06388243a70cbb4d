{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('education', 'education_enrollments') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('enrollment_id') }} as enrollment_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.normalize_key('product_id') }} as product_id,
        {{ huaxiang.parse_date('enrolled_date') }} as enrolled_date,
        {{ huaxiang.parse_date('expires_date') }} as expires_date,
        expires_date as expires_date_text,
        {{ huaxiang.parse_integer('lessons_total') }} as lessons_total,
        {{ huaxiang.parse_integer('lessons_completed') }} as lessons_completed,
        lessons_completed as lessons_completed_text,
        {{ huaxiang.raw_record_text([
            'enrollment_id', 'member_id', 'account_id', 'product_id',
            'enrolled_date', 'expires_date', 'lessons_total',
            'lessons_completed'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        parsed.*,
        {{ huaxiang.key_rank(['parsed.enrollment_id']) }} as duplicate_rank
    from parsed

),

final as (

    select
        enrollment_id,
        member_id,
        account_id,
        product_id,
        enrolled_date,
        case when expires_date >= enrolled_date then expires_date end
            as expires_date,
        lessons_total,
        case
            when lessons_completed between 0 and lessons_total
                then lessons_completed
        end as lessons_completed,
        {{ huaxiang.issue_list({
            'expires_date_invalid':
                "expires_date_text is not null and "
                ~ "coalesce(expires_date < enrolled_date, true)",
            'lessons_completed_invalid':
                "lessons_completed_text is not null and coalesce("
                ~ "lessons_completed not between 0 and lessons_total, true)",
        }) }} as field_issues,
        case
            when enrollment_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when enrolled_date is null then 'invalid_date'
            when enrolled_date > {{ huaxiang.as_of_date() }} then 'future_date'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
