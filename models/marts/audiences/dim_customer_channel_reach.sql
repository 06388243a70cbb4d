{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- One row per customer and marketing channel: the consent in force, whether
    an address exists (mobile, e-mail, app device, bound WeChat openid), whether
    the customer is reachable, their past engagement on the channel and the
    channel's rank among the customer's preferred channels. No raw contacts. -#}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

channels as (

    select * from {{ ref('marketing_channels') }}

),

consents as (

    select * from {{ ref('int_customer_consents_resolved') }}

),

responses as (

    select * from {{ ref('int_campaign_responses_linked') }}

),

engagement as (

    select
        customer_id,
        channel,
        sum(case when opened_at is not null then 1 else 0 end)
        + sum(case when clicked_at is not null then 2 else 0 end)
        + sum(case when is_converted and arm = 'treatment' then 3 else 0 end)
            as engagement_points
    from responses
    group by customer_id, channel

),

customer_channels as (

    select
        customers.customer_id,
        channels.channel_code as channel,
        channels.default_rank,
        coalesce(consents.consent_status, 'none') as consent_status,
        consents.consent_changed_at,
        case channels.address_kind
            when 'mobile' then customers.has_mobile
            when 'email' then customers.has_email
            when 'app_device' then customers.has_app_record
            when 'wechat_openid' then consents.wechat_openid is not null
            else false
        end as has_address,
        coalesce(engagement.engagement_points, 0) as engagement_points
    from customers
    cross join channels
    left join consents
        on customers.customer_id = consents.customer_id
            and channels.channel_code = consents.channel
    left join engagement
        on customers.customer_id = engagement.customer_id
            and channels.channel_code = engagement.channel

),

final as (

    select
        customer_id,
        channel,
        consent_status,
        consent_changed_at,
        consent_status = 'opt_in' as has_consent,
        consent_status = 'opt_out' as is_opted_out,
        coalesce(has_address, false) as has_address,
        consent_status = 'opt_in' and coalesce(has_address, false)
            as is_reachable,
        cast(engagement_points as integer) as engagement_points,
        cast(row_number() over (
            partition by customer_id
            order by
                case
                    when consent_status = 'opt_in'
                        and coalesce(has_address, false) then 0
                    else 1
                end asc,
                engagement_points desc,
                default_rank asc
        ) as integer) as preference_rank
    from customer_channels

)

select * from final
