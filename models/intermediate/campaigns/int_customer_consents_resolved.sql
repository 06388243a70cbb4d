{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- One row per customer and marketing channel with a consent event: the
    consent in force (latest event), when it was given or withdrawn, and the
    WeChat openid last bound. Several records of one customer (two
    memberships, an account) are merged: the latest event across them wins. -#}

with

events as (

    select * from {{ ref('stg_campaigns__preference_events') }}

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
        events.preference_event_id,
        events.channel,
        events.event_type,
        events.wechat_openid,
        events.event_at
    from events
    left join identity_records as by_member
        on by_member.record_key = 'crm:' || events.member_id
    left join identity_records as by_account
        on by_account.record_key = 'ecom:' || events.account_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, channel
            order by event_at desc, preference_event_id desc
        ) as recency_rank,
        row_number() over (
            partition by customer_id, channel
            order by
                case when wechat_openid is null then 1 else 0 end,
                event_at desc,
                preference_event_id desc
        ) as openid_rank
    from linked
    where customer_id is not null

),

final as (

    select
        latest.customer_id,
        latest.channel,
        latest.event_type as consent_status,
        latest.event_at as consent_changed_at,
        openid.wechat_openid
    from ranked as latest
    left join ranked as openid
        on latest.customer_id = openid.customer_id
            and latest.channel = openid.channel
            and openid.openid_rank = 1
    where latest.recency_rank = 1

)

select * from final
