{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('ecom', 'ecom_accounts') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('account_id') }} as account_id,
        {{ huaxiang.clean_name('nickname') }} as nickname,
        {{ huaxiang.normalize_email('email') }} as email,
        {{ huaxiang.normalize_phone('phone') }} as phone,
        {{ huaxiang.parse_timestamp_utc('registered_at') }} as registered_at,
        {{ huaxiang.normalize_member_card('bound_member_card_no') }}
            as bound_member_card_no,
        email as email_text,
        phone as phone_text,
        registered_at as registered_at_text,
        bound_member_card_no as bound_member_card_text,
        {{ huaxiang.raw_record_text([
            'account_id', 'nickname', 'email', 'phone', 'registered_at',
            'bound_member_card_no'
        ]) }} as raw_record
    from source

),

ranked as (

    select
        *,
        {{ huaxiang.key_rank(
            ['account_id'], 'registered_at desc nulls last, raw_record'
        ) }} as duplicate_rank
    from parsed

),

final as (

    select
        account_id,
        nickname,
        email,
        phone,
        registered_at,
        bound_member_card_no,
        {{ huaxiang.issue_list({
            'email_invalid': "email is null and email_text is not null",
            'phone_invalid': "phone is null and phone_text is not null",
            'registered_at_invalid':
                "registered_at is null and registered_at_text is not null",
            'member_card_invalid':
                "bound_member_card_no is null and bound_member_card_text is not null",
        }) }} as field_issues,
        case
            when account_id is null then 'missing_key'
            when {{ huaxiang.is_test_account_name('nickname') }}
                then 'test_account'
            when duplicate_rank > 1 then 'duplicate_row'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
