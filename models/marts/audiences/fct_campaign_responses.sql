{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- One row per past campaign and targeted customer: arm, channel, audience
    (seeds/audiences.csv, when the campaign was sent to one), funnel (sent,
    opened, clicked, converted in the response window), revenue and the
    customer's RFM segment (as of the build) for evaluation by segment. The
    grain of the metric center's campaign conversion (semantic model
    campaign_responses) and of fct_campaign_evaluation. -#}

with

responses as (

    select * from {{ ref('int_campaign_responses_linked') }}

),

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

audiences as (

    select * from {{ ref('audiences') }}

),

final as (

    select
        responses.response_id,
        responses.campaign_id,
        responses.customer_id,
        responses.campaign_start_date,
        cast(responses.response_window_days as integer)
            as response_window_days,
        responses.arm,
        responses.channel,
        audiences.audience_code,
        coalesce(rfm.segment_code, 'no_purchase') as segment_code,
        responses.sent_at is not null as is_sent,
        responses.opened_at is not null as is_opened,
        responses.clicked_at is not null as is_clicked,
        cast({{ huaxiang.utc_to_local('responses.converted_at') }} as date)
            as converted_date,
        responses.is_converted,
        cast(responses.revenue_cny as decimal(18, 2)) as revenue_cny
    from responses
    left join rfm on responses.customer_id = rfm.customer_id
    left join audiences on responses.campaign_id = audiences.campaign_id

)

select * from final
