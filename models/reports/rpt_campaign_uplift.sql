{#- Uplift of each past campaign, overall and per RFM segment, with segment
    labels, the customers evaluated (for small-group suppression) and a zh/en
    verdict. Empty for industries without campaign inputs. -#}

{%- set enabled = huaxiang.industry() in var('campaign_industries', ['retail']) %}

with

evaluation as (

    {%- if enabled %}
        select * from {{ ref('fct_campaign_evaluation') }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as campaign_id,
            cast(null as {{ dbt.type_string() }}) as segment_code,
            cast(null as integer) as treatment_customers,
            cast(null as integer) as holdout_customers,
            cast(null as {{ huaxiang.type_double() }}) as treatment_conversion_rate,
            cast(null as {{ huaxiang.type_double() }}) as holdout_conversion_rate,
            cast(null as {{ huaxiang.type_double() }}) as uplift_abs,
            cast(null as {{ huaxiang.type_double() }}) as uplift_abs_ci_low,
            cast(null as {{ huaxiang.type_double() }}) as uplift_abs_ci_high,
            cast(null as {{ huaxiang.type_double() }}) as uplift_rel,
            cast(null as {{ huaxiang.type_double() }}) as p_value,
            cast(null as {{ huaxiang.type_double() }}) as revenue_uplift_per_head_cny,
            cast(null as {{ huaxiang.type_double() }}) as revenue_uplift_ci_low_cny,
            cast(null as {{ huaxiang.type_double() }}) as revenue_uplift_ci_high_cny,
            cast(null as {{ huaxiang.type_double() }}) as min_detectable_uplift,
            cast(null as boolean) as is_underpowered
        where 1 = 0
    {%- endif %}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

final as (

    select
        evaluation.campaign_id,
        evaluation.segment_code,
        coalesce(segments.segment_name_zh, '全部') as segment_name_zh,
        coalesce(segments.segment_name_en, 'All') as segment_name_en,
        coalesce(segments.sort_order, 0) as sort_order,
        evaluation.treatment_customers + evaluation.holdout_customers
            as customers,
        evaluation.treatment_customers,
        evaluation.holdout_customers,
        evaluation.treatment_conversion_rate,
        evaluation.holdout_conversion_rate,
        evaluation.uplift_abs,
        evaluation.uplift_abs_ci_low,
        evaluation.uplift_abs_ci_high,
        evaluation.uplift_rel,
        evaluation.p_value,
        evaluation.revenue_uplift_per_head_cny,
        evaluation.revenue_uplift_ci_low_cny,
        evaluation.revenue_uplift_ci_high_cny,
        evaluation.min_detectable_uplift,
        evaluation.is_underpowered,
        case
            when evaluation.is_underpowered then '样本不足'
            when evaluation.uplift_abs_ci_low > 0 then '显著提升'
            when evaluation.uplift_abs_ci_high < 0 then '显著下降'
            else '无显著差异'
        end as verdict_zh,
        case
            when evaluation.is_underpowered then 'Underpowered'
            when evaluation.uplift_abs_ci_low > 0 then 'Significant uplift'
            when evaluation.uplift_abs_ci_high < 0 then 'Significant drop'
            else 'No significant difference'
        end as verdict_en
    from evaluation
    left join segments on evaluation.segment_code = segments.segment_code

)

select * from final
