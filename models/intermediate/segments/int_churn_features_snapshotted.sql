{#-
    Churn-warning features at three cut-off dates, one row per (snapshot,
    customer who had bought by the cut-off). A time split: features use only
    purchases up to the cut-off; the label is_lapsed says the customer made no
    counted purchase in the var churn_window_days after it.
      training  cut-off = as-of - 2 windows, label in the next window
      holdout   cut-off = as-of - 1 window, label up to the as-of date
      scoring   cut-off = as-of date, label unknown (what the model predicts)
    The evaluation trains on `training` and tests on the later `holdout`; the
    final fit trains on `holdout` and dim_customer_churn_risk scores `scoring`.
-#}

{%- set window_days = var('churn_window_days') | int %}
{%- if window_days < 1 %}
    {{ exceptions.raise_compiler_error(
        "int_churn_features_snapshotted: var churn_window_days must be a "
        ~ "positive number of days, got " ~ var('churn_window_days')
    ) }}
{%- endif %}
{%- set snapshots = [('training', 2), ('holdout', 1), ('scoring', 0)] %}

with

orders as (

    select * from {{ ref('int_orders_unioned') }}
    where customer_id is not null
        and is_counted_purchase
        and order_date <= {{ huaxiang.as_of_date() }}

),

refund_days as (

    -- Refunds the customer asked for: POS REFUND receipts and refunded online
    -- orders, on the day they happened.
    select
        customer_id,
        order_date,
        count(*) as refunds
    from {{ ref('int_orders_unioned') }}
    where customer_id is not null
        and (order_type = 'refund' or order_status = 'refunded')
        and order_date <= {{ huaxiang.as_of_date() }}
    group by customer_id, order_date

),

purchase_days as (

    select
        customer_id,
        order_date,
        sum(net_revenue_cny) as revenue_cny
    from orders
    group by customer_id, order_date

),

app_days as (

    -- App events of the customer per local day (the events' customer and
    -- local date as int_app_events_linked resolves them).
    select
        customer_id,
        event_date,
        count(*) as app_events
    from {{ ref('int_app_events_linked') }}
    where customer_id is not null
    group by customer_id, event_date

),

snapshots as (

    {%- for name, windows_back in snapshots %}
        select
            '{{ name }}' as snapshot_name,
            cast(
                {{ dbt.dateadd('day', -1 * window_days * windows_back,
                    huaxiang.as_of_date()) }} as date
            ) as cutoff_date,
            {{ 'true' if windows_back > 0 else 'false' }} as is_labelled
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

bounded as (

    select
        snapshot_name,
        cutoff_date,
        is_labelled,
        {{ dbt.dateadd('day', -1 * window_days, 'cutoff_date') }}
            as recent_start_date,
        {{ dbt.dateadd('day', -1 * var('rfm_window_days'), 'cutoff_date') }}
            as year_start_date,
        {{ dbt.dateadd('day', window_days, 'cutoff_date') }} as label_end_date
    from snapshots

),

history as (

    select
        bounded.snapshot_name,
        bounded.cutoff_date,
        bounded.is_labelled,
        purchase_days.customer_id,
        min(purchase_days.order_date) as first_purchase_date,
        max(purchase_days.order_date) as last_purchase_date,
        count(*) as purchase_days_total,
        sum(case when purchase_days.order_date > bounded.recent_start_date
                then 1
            else 0
        end) as recent_purchase_days,
        sum(case when purchase_days.order_date > bounded.year_start_date
                then 1
            else 0
        end) as purchase_days_365d,
        sum(case when purchase_days.order_date > bounded.year_start_date
                then purchase_days.revenue_cny
            else 0
        end) as monetary_365d_cny
    from purchase_days
    inner join bounded
        on purchase_days.order_date <= bounded.cutoff_date
    group by
        bounded.snapshot_name,
        bounded.cutoff_date,
        bounded.is_labelled,
        purchase_days.customer_id

),

recent_app as (

    select
        bounded.snapshot_name,
        app_days.customer_id,
        sum(app_days.app_events) as recent_app_events
    from app_days
    inner join bounded
        on app_days.event_date > bounded.recent_start_date
            and app_days.event_date <= bounded.cutoff_date
    group by bounded.snapshot_name, app_days.customer_id

),

refunds as (

    -- Refunds in the recent window, and refunds on or after the last counted
    -- purchase (the last thing that happened was a refund).
    select
        history.snapshot_name,
        history.customer_id,
        sum(case when refund_days.order_date > bounded.recent_start_date
                then refund_days.refunds
            else 0
        end) as recent_refunds,
        sum(case when refund_days.order_date >= history.last_purchase_date
                then refund_days.refunds
            else 0
        end) as refunds_since_last_purchase
    from history
    inner join bounded
        on history.snapshot_name = bounded.snapshot_name
    inner join refund_days
        on history.customer_id = refund_days.customer_id
            and bounded.cutoff_date >= refund_days.order_date
    group by history.snapshot_name, history.customer_id

),

next_window as (

    select
        bounded.snapshot_name,
        purchase_days.customer_id,
        count(*) as next_window_purchase_days
    from purchase_days
    inner join bounded
        on purchase_days.order_date > bounded.cutoff_date
            and purchase_days.order_date <= bounded.label_end_date
    where bounded.is_labelled
    group by bounded.snapshot_name, purchase_days.customer_id

),

final as (

    select
        history.snapshot_name,
        history.customer_id,
        history.cutoff_date,
        {{ dbt.datediff('history.last_purchase_date', 'history.cutoff_date',
            'day') }} as recency_days,
        cast(history.recent_purchase_days as bigint) as recent_purchase_days,
        cast(history.purchase_days_365d as bigint) as purchase_days_365d,
        cast(history.monetary_365d_cny as decimal(18, 2)) as monetary_365d_cny,
        {{ dbt.datediff('history.first_purchase_date', 'history.cutoff_date',
            'day') }} as tenure_days,
        cast(
            {{ dbt.datediff('history.first_purchase_date',
                'history.cutoff_date', 'day') }} + 1 as {{ huaxiang.type_double() }}
        ) / history.purchase_days_total as days_per_purchase,
        -- Purchases "missed" since the last one at the customer's own pace.
        {{ dbt.datediff('history.last_purchase_date', 'history.cutoff_date',
            'day') }}
        * cast(history.purchase_days_total as {{ huaxiang.type_double() }})
        / (
            {{ dbt.datediff('history.first_purchase_date',
                'history.cutoff_date', 'day') }} + 1
        ) as overdue_ratio,
        cast(coalesce(recent_app.recent_app_events, 0) as bigint)
            as recent_app_events,
        cast(coalesce(refunds.recent_refunds, 0) as bigint) as recent_refunds,
        cast(coalesce(refunds.refunds_since_last_purchase, 0) as bigint)
            as refunds_since_last_purchase,
        case
            when not history.is_labelled then null
            else coalesce(next_window.next_window_purchase_days, 0) = 0
        end as is_lapsed
    from history
    left join recent_app
        on history.snapshot_name = recent_app.snapshot_name
            and history.customer_id = recent_app.customer_id
    left join refunds
        on history.snapshot_name = refunds.snapshot_name
            and history.customer_id = refunds.customer_id
    left join next_window
        on history.snapshot_name = next_window.snapshot_name
            and history.customer_id = next_window.customer_id

)

select * from final
