{#- Risk questionnaires with the customer_id they belong to; is_latest marks each
    customer's most recent assessment. -#}

with

assessments as (

    select * from {{ ref('stg_finance__risk_assessments') }}

),

identity_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_identity_records_clustered') }}
    where customer_id is not null

),

linked as (

    select
        coalesce(by_member.customer_id, by_account.customer_id) as customer_id,
        case
            when by_member.customer_id is not null then 'crm'
            when by_account.customer_id is not null then 'ecom'
        end as linked_via,
        assessments.assessment_id,
        assessments.risk_level,
        assessments.questionnaire_score,
        assessments.assessed_at
    from assessments
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || assessments.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || assessments.account_id

),

final as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by assessed_at desc, assessment_id desc
        ) = 1 as is_latest
    from linked
    where customer_id is not null

)

select * from final
