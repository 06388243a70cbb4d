{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('b2b', 'b2b_contacts') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('contact_id') }} as contact_id,
        {{ huaxiang.normalize_key('company_id') }} as company_id,
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        lower({{ huaxiang.clean_text('role') }}) as role_raw,
        {{ huaxiang.raw_record_text([
            'contact_id', 'company_id', 'member_id', 'account_id', 'role'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        role_map.standard_value as contact_role,
        {{ huaxiang.key_rank(['parsed.contact_id']) }} as duplicate_rank
    from parsed
    left join standard_values as role_map
        on role_map.domain = 'contact_role'
            and parsed.role_raw = role_map.raw_value

),

final as (

    select
        contact_id,
        company_id,
        member_id,
        account_id,
        contact_role,
        {{ huaxiang.issue_list({
            'role_unmapped': "contact_role is null and role_raw is not null",
        }) }} as field_issues,
        case
            when contact_id is null then 'missing_key'
            when duplicate_rank > 1 then 'duplicate_row'
            when member_id is null and account_id is null
                then 'missing_customer_ref'
            when company_id is null then 'parent_quarantined'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from standardised

)

select * from final
