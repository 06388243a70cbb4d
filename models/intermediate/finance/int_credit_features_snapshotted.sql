{#-
    Credit-scorecard features at three observation points, one row per
    (snapshot, customer with a credit account at that point). A time split on
    the credit-account snapshots:
      scoring   = the latest account snapshot on or before the as-of date
      holdout   = the latest snapshot at least var
                  scorecard_performance_days before `scoring`
      training  = the same distance before `holdout`
    Features use only facts up to the observation point (account snapshot
    then, counted purchases in the 365 days before it). The label is_bad of
    training and holdout: an account reached var scorecard_bad_days_past_due
    at a snapshot after the observation point, up to the next one (the
    performance window); customers already that far past due at the
    observation point are marked is_bad_at_observation (fits exclude them).
-#}

{%- set performance_days = var('scorecard_performance_days') | int %}
{%- set bad_days = var('scorecard_bad_days_past_due') | int %}
{%- if performance_days < 1 or bad_days < 1 %}
    {{ exceptions.raise_compiler_error(
        "int_credit_features_snapshotted: vars scorecard_performance_days and "
        ~ "scorecard_bad_days_past_due must be positive numbers of days, got "
        ~ var('scorecard_performance_days') ~ " and "
        ~ var('scorecard_bad_days_past_due') ~ " (dbt_project.yml)"
    ) }}
{%- endif %}

with

credit_accounts as (

    select * from {{ ref('int_finance_credit_accounts_linked') }}
    where snapshot_date <= {{ huaxiang.as_of_date() }}

),

orders as (

    select * from {{ ref('int_orders_unioned') }}
    where customer_id is not null
        and is_counted_purchase
        and order_date <= {{ huaxiang.as_of_date() }}

),

scoring_point as (

    select max(snapshot_date) as observation_date
    from credit_accounts

),

holdout_point as (

    select max(credit_accounts.snapshot_date) as observation_date
    from credit_accounts
    cross join scoring_point
    where credit_accounts.snapshot_date <= {{ dbt.dateadd(
        'day', -1 * performance_days, 'scoring_point.observation_date'
    ) }}

),

training_point as (

    select max(credit_accounts.snapshot_date) as observation_date
    from credit_accounts
    cross join holdout_point
    where credit_accounts.snapshot_date <= {{ dbt.dateadd(
        'day', -1 * performance_days, 'holdout_point.observation_date'
    ) }}

),

observation_points as (

    select
        'training' as snapshot_name,
        training_point.observation_date,
        holdout_point.observation_date as performance_end_date
    from training_point
    cross join holdout_point
    where training_point.observation_date is not null

    union all

    select
        'holdout' as snapshot_name,
        holdout_point.observation_date,
        scoring_point.observation_date as performance_end_date
    from holdout_point
    cross join scoring_point
    where holdout_point.observation_date is not null

    union all

    select
        'scoring' as snapshot_name,
        observation_date,
        cast(null as date) as performance_end_date
    from scoring_point
    where observation_date is not null

),

accounts_at_observation as (

    select
        observation_points.snapshot_name,
        observation_points.observation_date,
        observation_points.performance_end_date,
        credit_accounts.customer_id,
        count(*) as credit_accounts,
        sum(case when credit_accounts.product_type = 'credit_card' then 0
            else 1
        end) as loan_accounts,
        coalesce(max(credit_accounts.days_past_due), 0) as max_days_past_due,
        coalesce(max(credit_accounts.utilisation_ratio), 0)
            as max_utilisation_ratio,
        sum(credit_accounts.credit_limit_cny) as total_credit_limit_cny,
        coalesce(max(credit_accounts.months_on_book), 0) as max_months_on_book
    from credit_accounts
    inner join observation_points
        on credit_accounts.snapshot_date = observation_points.observation_date
    group by
        observation_points.snapshot_name,
        observation_points.observation_date,
        observation_points.performance_end_date,
        credit_accounts.customer_id

),

performance as (

    select
        observation_points.snapshot_name,
        credit_accounts.customer_id,
        max(credit_accounts.days_past_due) as worst_days_past_due
    from credit_accounts
    inner join observation_points
        on credit_accounts.snapshot_date > observation_points.observation_date
            and credit_accounts.snapshot_date
            <= observation_points.performance_end_date
    group by observation_points.snapshot_name, credit_accounts.customer_id

),

purchases as (

    select
        observation_points.snapshot_name,
        orders.customer_id,
        count(distinct orders.order_date) as purchase_days_365d
    from orders
    inner join observation_points
        on orders.order_date <= observation_points.observation_date
            and orders.order_date > {{ dbt.dateadd(
                'day', -365, 'observation_points.observation_date'
            ) }}
    group by observation_points.snapshot_name, orders.customer_id

),

final as (

    select
        observed.snapshot_name,
        observed.customer_id,
        observed.observation_date,
        observed.performance_end_date,
        cast(observed.credit_accounts as bigint) as credit_accounts,
        cast(observed.loan_accounts as bigint) as loan_accounts,
        cast(observed.max_days_past_due as bigint) as max_days_past_due,
        cast(observed.max_utilisation_ratio as {{ huaxiang.type_double() }}) as max_utilisation_ratio,
        cast(observed.total_credit_limit_cny as {{ huaxiang.type_double() }}) as total_credit_limit_cny,
        cast(observed.max_months_on_book as bigint) as max_months_on_book,
        cast(coalesce(purchases.purchase_days_365d, 0) as bigint)
            as purchase_days_365d,
        observed.max_days_past_due >= {{ bad_days }} as is_bad_at_observation,
        case
            when observed.performance_end_date is null then null
            else coalesce(performance.worst_days_past_due, 0) >= {{ bad_days }}
        end as is_bad
    from accounts_at_observation as observed
    left join performance
        on observed.snapshot_name = performance.snapshot_name
            and observed.customer_id = performance.customer_id
    left join purchases
        on observed.snapshot_name = purchases.snapshot_name
            and observed.customer_id = purchases.customer_id

)

select * from final
