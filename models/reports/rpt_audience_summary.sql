{#- One row per audience and outcome: how many candidates were treated, held
    out or excluded (by reason), and per assigned channel; with zh/en labels of
    the audience, its target channels (seeds/marketing_channels.csv, in the
    audience's order) and the outcome. Empty for industries without campaign
    inputs (var campaign_industries). -#}

{%- set enabled = huaxiang.industry() in var('campaign_industries', ['retail']) %}

with

members as (

    {%- if enabled %}
        select * from {{ ref('fct_audience_members') }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as audience_code,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as arm,
            cast(null as {{ dbt.type_string() }}) as exclusion_reason,
            cast(null as {{ dbt.type_string() }}) as assigned_channel
        where 1 = 0
    {%- endif %}

),

audiences as (

    select * from {{ ref('audiences') }}

),

reasons as (

    select * from {{ ref('audience_exclusion_reasons') }}

),

channels as (

    select * from {{ ref('marketing_channels') }}

),

channel_order as (

    {#- Each audience's channels (| separated codes) with their rank in the
        list, for the zh/en labels in the audience's order. -#}
    {%- set in_list = dbt.position(
        "'|' || channels.channel_code || '|'",
        "'|' || lower(audiences.channels) || '|'"
    ) %}

    select
        audiences.audience_code,
        channels.label_zh,
        channels.label_en,
        {{ in_list }} as list_position
    from audiences
    inner join channels on {{ in_list }} > 0

),

channel_labels as (

    select
        audience_code,
        {{ dbt.listagg('label_zh', "'、'", 'order by list_position') }}
            as channel_labels_zh,
        {{ dbt.listagg('label_en', "', '", 'order by list_position') }}
            as channel_labels_en
    from channel_order
    group by audience_code

),

outcomes as (

    select
        audience_code,
        'outcome' as breakdown,
        coalesce(exclusion_reason, arm) as value_code,
        count(*) as customers
    from members
    group by audience_code, coalesce(exclusion_reason, arm)

    union all

    select
        audience_code,
        'channel' as breakdown,
        assigned_channel as value_code,
        count(*) as customers
    from members
    where arm = 'treatment'
    group by audience_code, assigned_channel

),

final as (

    select
        outcomes.audience_code,
        audiences.campaign_id,
        audiences.priority,
        audiences.label_zh as audience_label_zh,
        audiences.label_en as audience_label_en,
        audiences.description_zh,
        audiences.description_en,
        audiences.channels,
        channel_labels.channel_labels_zh,
        channel_labels.channel_labels_en,
        audiences.frequency_cap,
        audiences.holdout_share,
        outcomes.breakdown,
        outcomes.value_code,
        case
            when outcomes.breakdown = 'channel' then channels.label_zh
            when outcomes.value_code = 'treatment' then '发送组'
            when outcomes.value_code = 'holdout' then '对照组(不发送)'
            else reasons.label_zh
        end as value_label_zh,
        case
            when outcomes.breakdown = 'channel' then channels.label_en
            when outcomes.value_code = 'treatment' then 'Treatment (sent)'
            when outcomes.value_code = 'holdout' then 'Holdout (not sent)'
            else reasons.label_en
        end as value_label_en,
        case
            when outcomes.breakdown = 'channel' then channels.default_rank
            when outcomes.value_code = 'treatment' then -1
            when outcomes.value_code = 'holdout' then 0
            else reasons.sort_order
        end as sort_order,
        cast(outcomes.customers as integer) as customers
    from outcomes
    inner join audiences on outcomes.audience_code = audiences.audience_code
    left join channel_labels
        on outcomes.audience_code = channel_labels.audience_code
    left join reasons on outcomes.value_code = reasons.reason_code
    left join channels on outcomes.value_code = channels.channel_code

)

select * from final
