{#-
    One row per purchasing customer and calendar month, from the month of the
    customer's first counted purchase to the month of the as-of date: the
    grain of the customer metrics (active, new, churned customers, repurchase
    and cohort retention). A month's status is taken at its last day, or at
    the as-of date for the as-of month. A customer is active when their latest
    counted purchase is less than var active_window_days days before that
    date. Orders after the as-of date are ignored.
-#}

with

orders as (

    select * from {{ ref('fct_orders') }}
    where customer_id is not null
        and order_date <= {{ huaxiang.as_of_date() }}

),

calendar as (

    select distinct month_start_date
    from {{ ref('dim_dates') }}
    where is_on_or_before_as_of

),

monthly_orders as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date)
            as month_start_date,
        sum(case when is_counted_purchase then 1 else 0 end) as orders,
        sum(net_revenue_cny) as net_revenue_cny,
        max(case when is_counted_purchase then order_date end)
            as last_purchase_date
    from orders
    group by 1, 2

),

first_purchases as (

    select
        customer_id,
        min(month_start_date) as cohort_month
    from monthly_orders
    where orders > 0
    group by 1

),

{# The months a customer ordered in, from the cohort month on, with the
    running latest purchase date through the month and through the month
    before, and the next month the customer ordered in. The windows sort
    these few rows per customer, not the customer months they are spread
    over below (1M customers: 5.1M rows instead of 19M, window time 4 s
    instead of 13 s). Months before the cohort month carry no counted
    purchase, so leaving them out changes no running date. #}
ordering_months as (

    select
        monthly_orders.customer_id,
        first_purchases.cohort_month,
        monthly_orders.month_start_date,
        monthly_orders.orders,
        monthly_orders.net_revenue_cny,
        max(monthly_orders.last_purchase_date) over (
            partition by monthly_orders.customer_id
            order by monthly_orders.month_start_date
            rows between unbounded preceding and current row
        ) as last_purchase_date,
        max(monthly_orders.last_purchase_date) over (
            partition by monthly_orders.customer_id
            order by monthly_orders.month_start_date
            rows between unbounded preceding and 1 preceding
        ) as previous_last_purchase_date,
        lead(monthly_orders.month_start_date) over (
            partition by monthly_orders.customer_id
            order by monthly_orders.month_start_date
        ) as next_ordering_month
    from monthly_orders
    inner join first_purchases
        on monthly_orders.customer_id = first_purchases.customer_id
    where monthly_orders.month_start_date >= first_purchases.cohort_month
        and monthly_orders.month_start_date in (
            select calendar.month_start_date from calendar
        )

),

{# Every calendar month from the cohort month to the as-of month: a month
    takes its figures from the latest month the customer ordered in up to it
    (orders and revenue only in that month itself). Months are contiguous,
    so the month before a month without orders is covered by the same
    ordering month. #}
with_orders as (

    select
        ordering_months.customer_id,
        ordering_months.cohort_month,
        calendar.month_start_date,
        least(
            cast(
                {{ dbt.dateadd('day', -1,
                    dbt.dateadd('month', 1, 'calendar.month_start_date')) }}
                as date
            ),
            {{ huaxiang.as_of_date() }}
        ) as status_date,
        case
            when calendar.month_start_date = ordering_months.month_start_date
                then ordering_months.orders
            else 0
        end as orders,
        case
            when calendar.month_start_date = ordering_months.month_start_date
                then ordering_months.net_revenue_cny
            else 0
        end as net_revenue_cny,
        ordering_months.last_purchase_date,
        case
            when calendar.month_start_date = ordering_months.month_start_date
                then ordering_months.previous_last_purchase_date
            else ordering_months.last_purchase_date
        end as previous_last_purchase_date
    from ordering_months
    inner join calendar
        on ordering_months.month_start_date <= calendar.month_start_date
            and coalesce(
                ordering_months.next_ordering_month,
                cast('9999-12-01' as date)
            ) > calendar.month_start_date

),

with_status as (

    select
        *,
        last_purchase_date > {{ dbt.dateadd(
            'day', -1 * var('active_window_days'), 'status_date') }}
            as is_active,
        coalesce(
            previous_last_purchase_date > {{ dbt.dateadd(
                'day', -1 - var('active_window_days'), 'month_start_date') }},
            false
        ) as was_active_at_month_start
    from with_orders

),

final as (

    select
        customer_id || ':' || cast(month_start_date as {{ dbt.type_string() }})
            as customer_month_id,
        customer_id,
        month_start_date,
        status_date,
        cohort_month,
        cast(
            {{ dbt.datediff('cohort_month', 'month_start_date', 'month') }}
            as integer
        ) as months_since_first_purchase,
        cast(orders as bigint) as orders,
        cast(net_revenue_cny as decimal(18, 2)) as net_revenue_cny,
        last_purchase_date,
        month_start_date = cohort_month as is_new,
        orders > 0 as is_purchasing,
        orders >= 2 as is_repeat_buyer,
        is_active,
        was_active_at_month_start,
        was_active_at_month_start and not is_active as is_churned
    from with_status

)

select * from final
