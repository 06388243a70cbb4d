{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- Uplift of every past campaign, overall (segment_code 'all') and per RFM
    segment: conversion and revenue per head in treatment vs holdout, absolute
    uplift with a confidence interval (unpooled normal), relative uplift (log
    ratio interval), a two-proportion z-test p-value, the minimum detectable
    uplift at 80% power and an underpowered flag (vars campaign_ci_z,
    campaign_min_arm_size, campaign_max_detectable_uplift). -#}

{%- set z = var('campaign_ci_z', 1.959964) %}
{%- set z_power = var('campaign_power_z', 0.841621) %}

with

responses as (

    select * from {{ ref('fct_campaign_responses') }}

),

by_segment as (

    select
        campaign_id,
        segment_code,
        arm,
        is_converted,
        revenue_cny as revenue
    from responses
    union all
    select
        campaign_id,
        'all' as segment_code,
        arm,
        is_converted,
        revenue_cny as revenue
    from responses

),

arms as (

    select
        campaign_id,
        segment_code,
        sum(case when arm = 'treatment' then 1 else 0 end) as n_t,
        sum(case when arm = 'holdout' then 1 else 0 end) as n_h,
        sum(case when arm = 'treatment' and is_converted then 1 else 0 end)
            as x_t,
        sum(case when arm = 'holdout' and is_converted then 1 else 0 end)
            as x_h,
        -- Sums of decimals are exact (a float sum depends on the order in
        -- which threads add): the statistics are identical on every rerun.
        cast(
            sum(case when arm = 'treatment' then revenue else 0 end)
            as {{ huaxiang.type_double() }}
        ) as s_t,
        cast(
            sum(case when arm = 'holdout' then revenue else 0 end)
            as {{ huaxiang.type_double() }}
        ) as s_h,
        cast(
            sum(case when arm = 'treatment' then revenue * revenue else 0 end)
            as {{ huaxiang.type_double() }}
        ) as ss_t,
        cast(
            sum(case when arm = 'holdout' then revenue * revenue else 0 end)
            as {{ huaxiang.type_double() }}
        ) as ss_h
    from by_segment
    group by campaign_id, segment_code

),

rates as (

    select
        *,
        {{ huaxiang.safe_ratio('1.0 * x_t', 'n_t') }} as p_t,
        {{ huaxiang.safe_ratio('1.0 * x_h', 'n_h') }} as p_h,
        {{ huaxiang.safe_ratio('1.0 * (x_t + x_h)', 'n_t + n_h') }} as p_pool,
        {{ huaxiang.safe_ratio('s_t', 'n_t') }} as rev_t,
        {{ huaxiang.safe_ratio('s_h', 'n_h') }} as rev_h,
        {{ huaxiang.safe_ratio('ss_t - s_t * s_t / nullif(n_t, 0)', 'n_t - 1') }}
            as var_t,
        {{ huaxiang.safe_ratio('ss_h - s_h * s_h / nullif(n_h, 0)', 'n_h - 1') }}
            as var_h
    from arms

),

errors as (

    select
        *,
        p_t - p_h as uplift,
        sqrt(p_t * (1 - p_t) / nullif(n_t, 0) + p_h * (1 - p_h) / nullif(n_h, 0))
            as se_uplift,
        sqrt(p_pool * (1 - p_pool) * (1.0 / nullif(n_t, 0) + 1.0 / nullif(n_h, 0)))
            as se_pooled,
        case
            when x_t > 0 and x_h > 0
                then sqrt((1 - p_t) / x_t + (1 - p_h) / x_h)
        end as se_log_ratio,
        rev_t - rev_h as revenue_uplift,
        sqrt(var_t / nullif(n_t, 0) + var_h / nullif(n_h, 0)) as se_revenue,
        sqrt(p_h * (1 - p_h) * (1.0 / nullif(n_t, 0) + 1.0 / nullif(n_h, 0)))
            as se_design
    from rates

),

final as (

    select
        campaign_id,
        segment_code,
        cast(n_t as integer) as treatment_customers,
        cast(n_h as integer) as holdout_customers,
        cast(x_t as integer) as treatment_conversions,
        cast(x_h as integer) as holdout_conversions,
        cast(p_t as {{ huaxiang.type_double() }}) as treatment_conversion_rate,
        cast(p_h as {{ huaxiang.type_double() }}) as holdout_conversion_rate,
        cast(uplift as {{ huaxiang.type_double() }}) as uplift_abs,
        cast(uplift - {{ z }} * se_uplift as {{ huaxiang.type_double() }})
            as uplift_abs_ci_low,
        cast(uplift + {{ z }} * se_uplift as {{ huaxiang.type_double() }})
            as uplift_abs_ci_high,
        cast(
            {{ huaxiang.safe_ratio('uplift', 'p_h') }}
            as {{ huaxiang.type_double() }}
        ) as uplift_rel,
        cast(
            case
                when se_log_ratio is not null
                    then exp(ln(p_t / p_h) - {{ z }} * se_log_ratio) - 1
            end as {{ huaxiang.type_double() }}
        ) as uplift_rel_ci_low,
        cast(
            case
                when se_log_ratio is not null
                    then exp(ln(p_t / p_h) + {{ z }} * se_log_ratio) - 1
            end as {{ huaxiang.type_double() }}
        ) as uplift_rel_ci_high,
        cast(
            case
                when se_pooled > 0
                    then {{ huaxiang.two_sided_p_value('uplift / se_pooled') }}
            end as {{ huaxiang.type_double() }}
        ) as p_value,
        cast(rev_t as {{ huaxiang.type_double() }})
            as treatment_revenue_per_head_cny,
        cast(rev_h as {{ huaxiang.type_double() }})
            as holdout_revenue_per_head_cny,
        cast(revenue_uplift as {{ huaxiang.type_double() }})
            as revenue_uplift_per_head_cny,
        cast(
            revenue_uplift - {{ z }} * se_revenue
            as {{ huaxiang.type_double() }}
        ) as revenue_uplift_ci_low_cny,
        cast(
            revenue_uplift + {{ z }} * se_revenue
            as {{ huaxiang.type_double() }}
        ) as revenue_uplift_ci_high_cny,
        cast(
            ({{ z }} + {{ z_power }}) * se_design
            as {{ huaxiang.type_double() }}
        ) as min_detectable_uplift,
        coalesce(
            least(n_t, n_h) < {{ var('campaign_min_arm_size', 100) }}
            or ({{ z }} + {{ z_power }}) * se_design
            > {{ var('campaign_max_detectable_uplift', 0.05) }},
            true
        ) as is_underpowered
    from errors

)

select * from final
