{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- Marketing addresses that are personal data and exist only with consent:
    the WeChat openid bound by a WeChat opt-in still in force. Restricted: read
    by the audience export only. -#}

with

consents as (

    select * from {{ ref('int_customer_consents_resolved') }}

),

final as (

    select
        customer_id,
        wechat_openid
    from consents
    where channel = 'wechat'
        and consent_status = 'opt_in'
        and wechat_openid is not null

)

select * from final
