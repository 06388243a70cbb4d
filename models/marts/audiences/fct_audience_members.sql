{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

{#- One row per audience and candidate customer (the customers matching the
    audience's conditions, seeds/audience_conditions.csv): the channel assigned
    (the customer's preferred reachable channel among the audience's), the arm
    (treatment / holdout by a hash of campaign and customer, or excluded) and,
    for excluded candidates, the reason. Nobody is dropped silently. -#}

-- depends_on: {{ ref('audiences') }}, {{ ref('audience_conditions') }}
-- depends_on: {{ ref('marketing_channels') }}, {{ ref('rfm_segments') }}
-- depends_on: {{ ref('lifecycle_stages') }}, {{ ref('tag_values') }}

{%- set audiences = huaxiang.audience_definitions() %}
{%- set tag_codes = [] %}
{%- for audience in audiences %}
    {%- for code in audience.tag_codes if code not in tag_codes %}
        {%- do tag_codes.append(code) %}
    {%- endfor %}
{%- endfor %}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

lifecycle as (

    select * from {{ ref('dim_customer_lifecycle') }}

),

churn as (

    select * from {{ ref('dim_customer_churn_risk') }}

),

clv as (

    select * from {{ ref('dim_customer_clv') }}

),

customer_tags as (

    select * from {{ ref('fct_customer_tags') }}

),

reach as (

    select * from {{ ref('dim_customer_channel_reach') }}

),

responses as (

    select * from {{ ref('int_campaign_responses_linked') }}

),

tags as (

    select
        customer_id,
        {%- for code in tag_codes %}
            max(case when tag_code = '{{ code }}' then tag_value end)
                as tag__{{ code }},
        {%- endfor %}
        count(*) as tag_rows
    from customer_tags
    group by customer_id

),

profile as (

    select
        customers.customer_id,
        customers.is_staff,
        rfm.segment_code,
        rfm.recency_days,
        rfm.frequency_365d,
        rfm.monetary_365d_cny,
        lifecycle.lifecycle_stage,
        churn.churn_probability,
        churn.churn_score,
        clv.clv_cny,
        clv.probability_alive,
        {%- for code in tag_codes %}
            tags.tag__{{ code }},
        {%- endfor %}
        coalesce(tags.tag_rows, 0) as tag_rows
    from customers
    left join rfm on customers.customer_id = rfm.customer_id
    left join lifecycle on customers.customer_id = lifecycle.customer_id
    left join churn on customers.customer_id = churn.customer_id
    left join clv on customers.customer_id = clv.customer_id
    left join tags on customers.customer_id = tags.customer_id

),

audience_settings as (

    {%- for audience in audiences %}
        select
            '{{ audience.audience_code }}' as audience_code,
            '{{ audience.campaign_id }}' as campaign_id,
            {{ audience.priority }} as priority,
            {{ audience.frequency_cap }} as frequency_cap,
            cast(
                {{ audience.holdout_share }} as {{ huaxiang.type_double() }}
            ) as holdout_share
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if audiences | length == 0 %}
        select
            cast(null as {{ dbt.type_string() }}) as audience_code,
            cast(null as {{ dbt.type_string() }}) as campaign_id,
            0 as priority,
            0 as frequency_cap,
            cast(0 as {{ huaxiang.type_double() }}) as holdout_share
        where 1 = 0
    {%- endif %}

),

audience_channels as (

    {%- set channel_rows = [] %}
    {%- for audience in audiences %}
        {%- for channel in audience.channels %}
            {%- do channel_rows.append((audience.audience_code, channel)) %}
        {%- endfor %}
    {%- endfor %}
    {%- for audience_code, channel in channel_rows %}
        select
            '{{ audience_code }}' as audience_code,
            '{{ channel }}' as channel
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if channel_rows | length == 0 %}
        select
            cast(null as {{ dbt.type_string() }}) as audience_code,
            cast(null as {{ dbt.type_string() }}) as channel
        where 1 = 0
    {%- endif %}

),

candidates as (

    {%- for audience in audiences %}
        select
            '{{ audience.audience_code }}' as audience_code,
            profile.customer_id
        from profile
        where
            not profile.is_staff
            and ({{ audience.predicate }})
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if audiences | length == 0 %}
        select
            cast(null as {{ dbt.type_string() }}) as audience_code,
            cast(null as {{ dbt.type_string() }}) as customer_id
        where 1 = 0
    {%- endif %}

),

candidate_channels as (

    select
        candidates.audience_code,
        candidates.customer_id,
        reach.channel,
        reach.is_reachable,
        reach.has_consent,
        reach.is_opted_out,
        reach.preference_rank
    from candidates
    inner join audience_channels
        on candidates.audience_code = audience_channels.audience_code
    inner join reach
        on candidates.customer_id = reach.customer_id
            and audience_channels.channel = reach.channel

),

best_channel as (

    select
        audience_code,
        customer_id,
        channel as assigned_channel,
        row_number() over (
            partition by audience_code, customer_id
            order by preference_rank
        ) as channel_rank
    from candidate_channels
    where is_reachable

),

reachability as (

    select
        audience_code,
        customer_id,
        max(case when is_reachable then 1 else 0 end) as any_reachable,
        max(case when has_consent then 1 else 0 end) as any_consent,
        max(case when is_opted_out then 1 else 0 end) as any_opted_out
    from candidate_channels
    group by audience_code, customer_id

),

recent_sends as (

    select
        customer_id,
        count(*) as recent_sends
    from responses
    where sent_at is not null
        and cast(sent_at as date) > {{ dbt.dateadd(
            'day',
            -1 * var('audience_frequency_window_days', 30),
            huaxiang.as_of_date()
        ) }}
        and cast(sent_at as date) <= {{ huaxiang.as_of_date() }}
    group by customer_id

),

checked as (

    select
        candidates.audience_code,
        audience_settings.campaign_id,
        candidates.customer_id,
        audience_settings.priority,
        audience_settings.frequency_cap,
        audience_settings.holdout_share,
        best_channel.assigned_channel,
        coalesce(recent_sends.recent_sends, 0) as recent_sends,
        {{ huaxiang.hash_unit(dbt.concat([
            'audience_settings.campaign_id', "'|'", 'candidates.customer_id'
        ])) }} as holdout_unit,
        case
            when coalesce(reachability.any_reachable, 0) = 1 then null
            when coalesce(reachability.any_consent, 0) = 1
                then 'no_reachable_address'
            when coalesce(reachability.any_opted_out, 0) = 1 then 'opted_out'
            else 'no_consent'
        end as consent_exclusion
    from candidates
    inner join audience_settings
        on candidates.audience_code = audience_settings.audience_code
    left join reachability
        on candidates.audience_code = reachability.audience_code
            and candidates.customer_id = reachability.customer_id
    left join best_channel
        on candidates.audience_code = best_channel.audience_code
            and candidates.customer_id = best_channel.customer_id
            and best_channel.channel_rank = 1
    left join recent_sends
        on candidates.customer_id = recent_sends.customer_id

),

capped as (

    select
        *,
        recent_sends + coalesce(sum(
            case
                when consent_exclusion is null
                    and holdout_unit >= holdout_share then 1
                else 0
            end
        ) over (
            partition by customer_id
            order by priority
            rows between unbounded preceding and 1 preceding
        ), 0) as messages_before
    from checked

),

final as (

    select
        audience_code,
        campaign_id,
        customer_id,
        priority,
        case
            when consent_exclusion is null
                and messages_before + 1 <= frequency_cap
                then assigned_channel
        end as assigned_channel,
        cast(holdout_unit as {{ huaxiang.type_double() }}) as holdout_unit,
        cast(recent_sends as integer) as recent_sends,
        cast(messages_before as integer) as messages_before,
        case
            when consent_exclusion is not null then 'excluded'
            when messages_before + 1 > frequency_cap then 'excluded'
            when holdout_unit < holdout_share then 'holdout'
            else 'treatment'
        end as arm,
        case
            when consent_exclusion is not null then consent_exclusion
            when messages_before + 1 > frequency_cap then 'frequency_cap'
        end as exclusion_reason
    from capped

)

select * from final
