{#-
    Purchase history per customer in the shape BG/NBD and Gamma-Gamma use
    (CLV): purchases are counted per day (several receipts on one day are one
    purchase), the first purchase day starts the customer's clock, and
    repeat purchases are the purchase days after it. Everything twice: up to
    the as-of date (scoring, final fit) and up to a calibration end
    var clv_holdout_days earlier, with the purchases in the holdout after it
    (evaluation).
-#}

with

orders as (

    select * from {{ ref('int_orders_unioned') }}
    where customer_id is not null
        and is_counted_purchase
        and order_date <= {{ huaxiang.as_of_date() }}

),

bounds as (

    select
        {{ huaxiang.as_of_date() }} as as_of_date,
        cast(
            {{ dbt.dateadd('day', -1 * var('clv_holdout_days'),
                huaxiang.as_of_date()) }} as date
        ) as calibration_end_date

),

purchase_days as (

    select
        customer_id,
        order_date,
        sum(net_revenue_cny) as revenue_cny
    from orders
    group by customer_id, order_date

),

numbered as (

    select
        customer_id,
        order_date,
        revenue_cny,
        row_number() over (
            partition by customer_id order by order_date
        ) as purchase_day_number,
        min(order_date) over (partition by customer_id) as first_purchase_date
    from purchase_days

),

summarized as (

    select
        numbered.customer_id,
        numbered.first_purchase_date,
        max(numbered.order_date) as last_purchase_date,
        count(*) - 1 as repeat_purchases,
        {#- Sum (exact decimal) and count, divided as a double in final:
            DuckDB's avg of a decimal is that double, PostgreSQL's an exact
            numeric that can round the other way. #}
        sum(case when numbered.purchase_day_number > 1
                then numbered.revenue_cny
        end) as repeat_revenue_cny,
        count(case when numbered.purchase_day_number > 1
                then numbered.revenue_cny
        end) as repeat_revenue_purchases,
        max(case when numbered.order_date <= bounds.calibration_end_date
                then numbered.order_date
        end) as calibration_last_purchase_date,
        sum(case when numbered.order_date <= bounds.calibration_end_date
                then 1
            else 0
        end) - 1 as calibration_repeat_purchases,
        sum(case when numbered.order_date > bounds.calibration_end_date
                then 1
            else 0
        end) as holdout_purchases,
        bounds.as_of_date,
        bounds.calibration_end_date
    from numbered
    cross join bounds
    group by
        numbered.customer_id,
        numbered.first_purchase_date,
        bounds.as_of_date,
        bounds.calibration_end_date

),

final as (

    select
        customer_id,
        first_purchase_date,
        last_purchase_date,
        cast(repeat_purchases as bigint) as repeat_purchases,
        {{ dbt.datediff('first_purchase_date', 'last_purchase_date', 'day') }}
            as first_to_last_purchase_days,
        {{ dbt.datediff('first_purchase_date', 'as_of_date', 'day') }}
            as customer_age_days,
        {{ huaxiang.money_from_double(
            "case when repeat_revenue_purchases > 0 then cast("
            ~ "repeat_revenue_cny as " ~ huaxiang.type_double()
            ~ ") / repeat_revenue_purchases end"
        ) }} as avg_repeat_value_cny,
        first_purchase_date <= calibration_end_date as is_in_calibration,
        case when first_purchase_date <= calibration_end_date
                then cast(calibration_repeat_purchases as bigint)
        end as calibration_repeat_purchases,
        case when first_purchase_date <= calibration_end_date
                then {{ dbt.datediff('first_purchase_date',
                    'calibration_last_purchase_date', 'day') }}
        end as calibration_first_to_last_days,
        case when first_purchase_date <= calibration_end_date
                then {{ dbt.datediff('first_purchase_date',
                    'calibration_end_date', 'day') }}
        end as calibration_age_days,
        case when first_purchase_date <= calibration_end_date
                then cast(holdout_purchases as bigint)
        end as holdout_purchases,
        calibration_end_date
    from summarized

)

select * from final
