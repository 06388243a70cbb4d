{#-
    RFM scores (1-5) and the eight standard RFM segments (seeds/rfm_segments.csv).
    Also carries the behaviour the persona pages show: average order value,
    online revenue share, channel preference (thresholds in vars
    channel_online_share_min / channel_offline_share_max), top category.
    Scores are quintiles of percent_rank over purchasing customers, so ties
    get the same score: recency scores high when recent, frequency and
    monetary when large. A dimension is "high" when its score is at least
    var rfm_high_score_threshold. Customers who never bought are no_purchase.
-#}

with

features as (

    select * from {{ ref('int_customer_features_aggregated') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

ranked as (

    select
        customer_id,
        recency_days,
        frequency_365d,
        monetary_365d_cny,
        percent_rank() over (order by recency_days desc) as recency_rank,
        percent_rank() over (order by frequency_365d) as frequency_rank,
        percent_rank() over (order by monetary_365d_cny) as monetary_rank
    from features
    where recency_days is not null

),

scored as (

    select
        customer_id,
        {%- for dimension in ['recency', 'frequency', 'monetary'] %}
            least(5, 1 + cast(floor({{ dimension }}_rank * 5) as integer))
                as {{ dimension[0] }}_score,
        {%- endfor %}
        recency_days,
        frequency_365d,
        monetary_365d_cny
    from ranked

),

flagged as (

    select
        *,
        r_score >= {{ var('rfm_high_score_threshold') }} as is_recency_high,
        f_score >= {{ var('rfm_high_score_threshold') }} as is_frequency_high,
        m_score >= {{ var('rfm_high_score_threshold') }} as is_monetary_high
    from scored

),

all_customers as (

    select
        features.customer_id,
        features.recency_days,
        features.frequency_365d,
        features.monetary_365d_cny,
        flagged.r_score,
        flagged.f_score,
        flagged.m_score,
        flagged.is_recency_high,
        flagged.is_frequency_high,
        flagged.is_monetary_high
    from features
    left join flagged
        on features.customer_id = flagged.customer_id

),

final as (

    select
        all_customers.customer_id,
        all_customers.recency_days,
        all_customers.frequency_365d,
        all_customers.monetary_365d_cny,
        features.avg_order_value_cny,
        features.online_revenue_share,
        features.top_category_365d,
        case
            when features.frequency_365d = 0 then 'none'
            when features.online_revenue_share >= {{ var('channel_online_share_min') }}
                then 'online'
            when features.online_revenue_share <= {{ var('channel_offline_share_max') }}
                then 'offline'
            else 'omnichannel'
        end as channel_preference,
        all_customers.r_score,
        all_customers.f_score,
        all_customers.m_score,
        cast(all_customers.r_score as {{ dbt.type_string() }})
        || cast(all_customers.f_score as {{ dbt.type_string() }})
        || cast(all_customers.m_score as {{ dbt.type_string() }}) as rfm_code,
        segments.segment_code,
        segments.segment_name_zh,
        segments.segment_name_en
    from all_customers
    inner join features
        on all_customers.customer_id = features.customer_id
    inner join segments
        on (
            all_customers.r_score is null
            and segments.segment_code = 'no_purchase'
        )
        or (
            all_customers.is_recency_high = segments.is_recency_high
            and all_customers.is_frequency_high = segments.is_frequency_high
            and all_customers.is_monetary_high = segments.is_monetary_high
        )

)

select * from final
