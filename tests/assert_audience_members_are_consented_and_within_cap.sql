{#-
    Every treated or held-out audience member is reachable (opted in, with an
    address) on the channel assigned; no opted-out channel is ever assigned;
    and no treated customer gets more messages than an audience's frequency
    cap allows (recent sends plus the treated audiences of equal or higher
    priority). Returns the offending members.
-#}
{{ config(enabled=huaxiang.industry() in var('campaign_industries', ['retail'])) }}

with

members as (

    select * from {{ ref('fct_audience_members') }}

),

audiences as (

    select * from {{ ref('audiences') }}

),

reach as (

    select * from {{ ref('dim_customer_channel_reach') }}

),

not_reachable as (

    select
        members.audience_code,
        members.customer_id,
        'assigned channel not reachable' as problem
    from members
    left join reach
        on members.customer_id = reach.customer_id
            and members.assigned_channel = reach.channel
    where
        members.arm in ('treatment', 'holdout')
        and not coalesce(reach.is_reachable and not reach.is_opted_out, false)

),

treated_messages as (

    select
        members.audience_code,
        members.customer_id,
        members.recent_sends,
        audiences.frequency_cap,
        count(*) over (
            partition by members.customer_id
            order by members.priority
            rows between unbounded preceding and current row
        ) as treated_so_far
    from members
    inner join audiences on members.audience_code = audiences.audience_code
    where members.arm = 'treatment'

),

over_cap as (

    select
        audience_code,
        customer_id,
        'frequency cap exceeded' as problem
    from treated_messages
    where recent_sends + treated_so_far > frequency_cap

),

final as (

    select * from not_reachable
    union all
    select * from over_cap

)

select * from final
