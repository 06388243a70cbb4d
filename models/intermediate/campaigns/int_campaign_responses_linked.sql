{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- Past campaign responses with the customer_id of the targeted person. A
    person targeted twice by one campaign (two records of one customer) keeps
    the first response row, so each customer counts once per campaign.
    Campaign conversion is defined here, once, for every consumer (evaluation,
    metric center, tags, channel engagement): a conversion recorded by the
    source whose local date is 0 to response_window_days days after the
    campaign start date (both ends included: a launch at 10:00 with a 10-day
    window reaches into the morning of day 10). A conversion outside that
    window does not count and carries no revenue. -#}

with

responses as (

    select * from {{ ref('stg_campaigns__responses') }}

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
        responses.*
    from responses
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || responses.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || responses.account_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by campaign_id, customer_id
            order by response_id
        ) as response_rank
    from linked
    where customer_id is not null

),

windowed as (

    select
        *,
        converted_at is not null
        and cast({{ huaxiang.utc_to_local('converted_at') }} as date)
        >= campaign_start_date
        and cast({{ huaxiang.utc_to_local('converted_at') }} as date)
        <= {{ dbt.dateadd('day', 'response_window_days', 'campaign_start_date') }}
            as is_converted_in_window
    from ranked
    where response_rank = 1

),

final as (

    select
        customer_id,
        response_id,
        campaign_id,
        campaign_start_date,
        response_window_days,
        arm,
        channel,
        sent_at,
        opened_at,
        clicked_at,
        converted_at,
        is_converted_in_window as is_converted,
        case
            when is_converted_in_window then revenue_cny
            else cast(0 as decimal(18, 2))
        end as revenue_cny
    from windowed

)

select * from final
