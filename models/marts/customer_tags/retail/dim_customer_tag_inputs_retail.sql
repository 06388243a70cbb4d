{#-
    The measured values behind the retail tags, one row per customer: the
    inputs the tag rules of seeds/tag_catalog.csv read (input_column and the
    columns named in condition parameters). BI users can see the number behind
    a band or flag here. Windows: var rfm_window_days (365 by default) for
    purchases, 90 days for app activity.
-#}

{{ config(enabled=huaxiang.industry() == 'retail') }}

{%- set mother_baby_categories = [] %}
{%- for category in var('tag_mother_baby_categories') %}
    {%- do mother_baby_categories.append(huaxiang.tag_literal(category)) %}
{%- endfor %}
{%- set mother_baby_categories = mother_baby_categories | join(', ') %}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

features as (

    select * from {{ ref('int_customer_features_aggregated') }}

),

orders as (

    select * from {{ ref('fct_orders') }}
    where customer_id is not null
        and is_counted_purchase
        and order_date > {{ dbt.dateadd(
            'day', -1 * var('rfm_window_days'), huaxiang.as_of_date()) }}
        and order_date <= {{ huaxiang.as_of_date() }}

),

order_lines as (

    select * from {{ ref('fct_order_lines') }}

),

churn_risk as (

    select * from {{ ref('dim_customer_churn_risk') }}

),

clusters as (

    select * from {{ ref('dim_customer_clusters') }}

),

clv as (

    select * from {{ ref('dim_customer_clv') }}

),

lifecycle as (

    select * from {{ ref('dim_customer_lifecycle') }}

),

promotion_orders as (

    select
        customer_id,
        count(*) as orders_365d,
        sum(
            case
                when has_coupon then 1
                when gross_amount_cny > 0
                    and discount_amount_cny
                    >= {{ var('tag_promotion_min_discount_share') }}
                    * gross_amount_cny
                    then 1
                else 0
            end
        ) as promotion_orders_365d
    from orders
    group by customer_id

),

campaign_responses as (

    select * from {{ ref('int_campaign_responses_linked') }}

),

channel_reach as (

    select * from {{ ref('dim_customer_channel_reach') }}

),

campaign_history as (

    select
        customer_id,
        count(*) as campaign_messages_365d,
        sum(case when is_converted then 1 else 0 end)
            as campaign_conversions_365d
    from campaign_responses
    where arm = 'treatment'
        and campaign_start_date > {{ dbt.dateadd(
            'day', -1 * var('rfm_window_days'), huaxiang.as_of_date()) }}
        and campaign_start_date <= {{ huaxiang.as_of_date() }}
    group by customer_id

),

preferred_channels as (

    select
        customer_id,
        channel as preferred_marketing_channel
    from channel_reach
    where preference_rank = 1 and is_reachable

),

mother_baby_orders as (

    select
        orders.customer_id,
        count(distinct orders.order_id) as mother_baby_orders_365d
    from orders
    inner join order_lines
        on orders.order_id = order_lines.order_id
    where order_lines.category in ({{ mother_baby_categories }})
    group by orders.customer_id

),

final as (

    select
        customers.customer_id,
        customers.age_band,
        customers.gender,
        customers.city_tier,
        customers.member_tier,
        customers.lifetime_orders,
        rfm.recency_days,
        rfm.frequency_365d,
        rfm.monetary_365d_cny,
        case
            when rfm.frequency_365d > 0 then rfm.avg_order_value_cny
        end as avg_order_value_cny,
        rfm.top_category_365d,
        rfm.channel_preference,
        rfm.segment_code,
        case
            when promotion_orders.orders_365d > 0
                then
                    cast(promotion_orders.promotion_orders_365d as {{ huaxiang.type_double() }})
                    / promotion_orders.orders_365d
            else 0
        end as promo_order_share_365d,
        cast(
            coalesce(mother_baby_orders.mother_baby_orders_365d, 0) as bigint
        ) as mother_baby_orders_365d,
        cast(coalesce(features.app_events_90d, 0) as bigint) as app_events_90d,
        churn_risk.risk_band_code as churn_risk_band,
        clusters.cluster_rule_code,
        clv.clv_cny,
        lifecycle.lifecycle_stage,
        cast(
            coalesce(campaign_history.campaign_messages_365d, 0) as bigint
        ) as campaign_messages_365d,
        cast(
            coalesce(campaign_history.campaign_conversions_365d, 0) as bigint
        ) as campaign_conversions_365d,
        coalesce(
            preferred_channels.preferred_marketing_channel, 'unreachable'
        ) as preferred_marketing_channel
    from customers
    left join rfm
        on customers.customer_id = rfm.customer_id
    left join features
        on customers.customer_id = features.customer_id
    left join promotion_orders
        on customers.customer_id = promotion_orders.customer_id
    left join mother_baby_orders
        on customers.customer_id = mother_baby_orders.customer_id
    left join churn_risk
        on customers.customer_id = churn_risk.customer_id
    left join clusters
        on customers.customer_id = clusters.customer_id
    left join clv
        on customers.customer_id = clv.customer_id
    left join lifecycle
        on customers.customer_id = lifecycle.customer_id
    left join campaign_history
        on customers.customer_id = campaign_history.customer_id
    left join preferred_channels
        on customers.customer_id = preferred_channels.customer_id

)

select * from final
