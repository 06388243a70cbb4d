{{ config(materialized='table') }}

with

source as (

    {{ huaxiang.source_columns_as_text('crm', 'crm_members') }}

),

standard_values as (

    select * from {{ ref('standard_values') }}

),

parsed as (

    select
        {{ huaxiang.normalize_key('member_id') }} as member_id,
        {{ huaxiang.normalize_member_card('member_card_no') }} as member_card_no,
        {{ huaxiang.clean_name('member_name') }} as member_name,
        {{ huaxiang.normalize_phone('mobile') }} as mobile,
        {{ huaxiang.normalize_email('email') }} as email,
        lower({{ huaxiang.clean_text('gender') }}) as gender_raw,
        {{ huaxiang.parse_date('birth_date') }} as birth_date_parsed,
        {{ huaxiang.clean_city('city') }} as city,
        lower({{ huaxiang.clean_text('member_tier') }}) as member_tier_raw,
        {{ huaxiang.parse_timestamp_utc('registered_at') }} as registered_at,
        lower({{ huaxiang.clean_text('marketing_consent') }}) as consent_raw,
        {{ huaxiang.parse_timestamp_utc('updated_at') }} as updated_at,
        mobile as mobile_text,
        email as email_text,
        birth_date as birth_date_text,
        registered_at as registered_at_text,
        {{ huaxiang.raw_record_text([
            'member_id', 'member_card_no', 'member_name', 'mobile', 'email',
            'gender', 'birth_date', 'city', 'member_tier', 'registered_at',
            'marketing_consent', 'updated_at'
        ]) }} as raw_record
    from source

),

standardised as (

    select
        parsed.*,
        gender_map.standard_value as gender,
        tier_map.standard_value as member_tier,
        cast(consent_map.standard_value as boolean) as is_marketing_consented,
        case
            when parsed.birth_date_parsed
                between {{ dbt.dateadd(
                    'year', -1 * var('max_age_years'), huaxiang.as_of_date()
                ) }}
                and {{ huaxiang.as_of_date() }}
                then parsed.birth_date_parsed
        end as birth_date
    from parsed
    left join standard_values as gender_map
        on gender_map.domain = 'gender'
            and parsed.gender_raw = gender_map.raw_value
    left join standard_values as tier_map
        on tier_map.domain = 'member_tier'
            and parsed.member_tier_raw = tier_map.raw_value
    left join standard_values as consent_map
        on consent_map.domain = 'consent'
            and parsed.consent_raw = consent_map.raw_value

),

ranked as (

    select
        *,
        row_number() over (
            partition by member_id
            order by updated_at desc nulls last, raw_record asc
        ) as duplicate_rank
    from standardised

),

final as (

    select
        member_id,
        member_card_no,
        member_name,
        mobile,
        email,
        coalesce(gender, 'unknown') as gender,
        birth_date,
        city,
        coalesce(member_tier, 'normal') as member_tier,
        coalesce(member_tier = 'staff', false) as is_staff,
        registered_at,
        is_marketing_consented,
        updated_at,
        {{ huaxiang.issue_list({
            'mobile_invalid': "mobile is null and mobile_text is not null",
            'email_invalid': "email is null and email_text is not null",
            'birth_date_invalid':
                "birth_date is null and birth_date_text is not null",
            'registered_at_invalid':
                "registered_at is null and registered_at_text is not null",
            'gender_unmapped': "gender is null and gender_raw is not null",
            'member_tier_unmapped':
                "member_tier is null and member_tier_raw is not null",
            'consent_unmapped':
                "is_marketing_consented is null and consent_raw is not null",
        }) }} as field_issues,
        case
            when member_id is null then 'missing_key'
            when {{ huaxiang.is_test_account_name('member_name') }}
                then 'test_account'
            when duplicate_rank > 1 then 'duplicate_row'
        end as quarantine_reason,
        duplicate_rank,
        raw_record
    from ranked

)

select * from final
