{#-
    Customer lifetime value of every purchasing customer, scored in SQL from
    the BG/NBD and Gamma-Gamma parameters fitted in Python
    (int_clv_parameters_fitted), over var clv_horizon_days:

    P(alive)  = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))
    E[Y(t)]   = (a + b + x - 1) / (a - 1)
                * (1 - (1 - z)^(a - 1) * 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z))
                * P(alive),   z = t / (alpha + T + t)
    spend     = (1 - w) v p / (q - 1) + w m,   w = p x / (p x + q - 1)
    CLV       = E[Y(t)] * spend (undiscounted)

    (Fader, Hardie and Lee 2005, eq. 10, with Euler's transformation of 2F1 so
    the series converges for any x.) 2F1 depends only on (x, T), so it is
    summed once per distinct pair: var clv_hyp2f1_terms terms, each from the
    previous by the ratio (A + j)(B + j) z / ((C + j)(j + 1)), as a running
    sum of log |ratio| and a count of negative ratios (portable SQL: ln, exp,
    window sums). Time is in periods of var clv_period_days days.
-#}

{%- set terms = var('clv_hyp2f1_terms') | int %}
{%- if terms < 2 %}
    {{ exceptions.raise_compiler_error(
        "dim_customer_clv: var clv_hyp2f1_terms must be at least 2, got "
        ~ var('clv_hyp2f1_terms')
    ) }}
{%- endif %}

with

summaries as (

    select * from {{ ref('int_customer_purchases_summarized') }}

),

fitted as (

    select * from {{ huaxiang.python_fit_ref(
        'int_clv_parameters_fitted', 'stg_model_params__clv_parameters'
    ) }}

),

parameters as (

    select
        max(case when parameter_name = 'r' then parameter_value end) as r,
        max(case when parameter_name = 'alpha' then parameter_value end)
            as alpha,
        max(case when parameter_name = 'a' then parameter_value end) as a,
        max(case when parameter_name = 'b' then parameter_value end) as b,
        max(case when parameter_name = 'p' then parameter_value end) as p,
        max(case when parameter_name = 'q' then parameter_value end) as q,
        max(case when parameter_name = 'v' then parameter_value end) as v,
        max(period_days) as period_days
    from fitted
    having count(*) > 0

),

customers as (

    select
        summaries.customer_id,
        summaries.repeat_purchases,
        cast(summaries.repeat_purchases as {{ huaxiang.type_double() }}) as x,
        cast(summaries.first_to_last_purchase_days as {{ huaxiang.type_double() }})
        / parameters.period_days as t_x,
        cast(summaries.customer_age_days as {{ huaxiang.type_double() }})
        / parameters.period_days as age,
        cast(summaries.avg_repeat_value_cny as {{ huaxiang.type_double() }}) as monetary,
        cast({{ var('clv_horizon_days') }} as {{ huaxiang.type_double() }})
        / parameters.period_days as horizon
    from summaries
    cross join parameters

),

pairs as (

    select distinct
        customers.x,
        customers.age,
        parameters.a + parameters.b - 1 - parameters.r as series_a,
        parameters.a - 1 as series_b,
        parameters.a + parameters.b + customers.x - 1 as series_c,
        customers.horizon
        / (parameters.alpha + customers.age + customers.horizon) as z
    from customers
    cross join parameters

),

term_numbers as (

    select cast(generated_number - 1 as {{ huaxiang.type_double() }}) as j
    from ({{ dbt.generate_series(terms - 1) }}) as numbers

),

ratios as (

    select
        pairs.x,
        pairs.age,
        term_numbers.j,
        (pairs.series_a + term_numbers.j) * (pairs.series_b + term_numbers.j)
        * pairs.z
        / ((pairs.series_c + term_numbers.j) * (term_numbers.j + 1)) as ratio
    from pairs
    cross join term_numbers

),

terms as (

    select
        x,
        age,
        sum(ln(greatest(abs(ratio), 1e-300))) over (
            partition by x, age order by j
            rows between unbounded preceding and current row
        ) as log_abs_term,
        sum(case when ratio < 0 then 1 else 0 end) over (
            partition by x, age order by j
            rows between unbounded preceding and current row
        ) as negative_ratios
    from ratios

),

series as (

    select
        x,
        age,
        1 + sum(
            case when mod(negative_ratios, 2) = 1 then -1 else 1 end
            * exp(log_abs_term)
        ) as hyp2f1_transformed
    from terms
    group by x, age

),

scored as (

    select
        customers.customer_id,
        customers.repeat_purchases,
        customers.t_x,
        customers.age,
        1 / (
            1 + case when customers.x > 0
                    then parameters.a / (parameters.b + customers.x - 1)
                        * power(
                            (parameters.alpha + customers.age)
                            / (parameters.alpha + customers.t_x),
                            parameters.r + customers.x
                        )
                else 0
            end
        ) as probability_alive,
        (parameters.a + parameters.b + customers.x - 1) / (parameters.a - 1)
        * (
            1 - power(1 - pairs.z, parameters.a - 1) * series.hyp2f1_transformed
        ) as unconditional_part,
        case when customers.x > 0 and customers.monetary > 0
                then parameters.p * customers.x
                    / (parameters.p * customers.x + parameters.q - 1)
            else 0
        end as spend_weight,
        coalesce(customers.monetary, 0) as monetary,
        parameters.v * parameters.p / (parameters.q - 1) as population_spend
    from customers
    cross join parameters
    inner join pairs
        on customers.x = pairs.x and customers.age = pairs.age
    inner join series
        on customers.x = series.x and customers.age = series.age

),

final as (

    select
        customer_id,
        repeat_purchases,
        t_x as recency_periods,
        age as age_periods,
        probability_alive,
        unconditional_part * probability_alive as expected_purchases,
        {{ huaxiang.money_rounded_from_double(
            '(1 - spend_weight) * population_spend + spend_weight * monetary'
        ) }} as expected_spend_cny,
        {{ huaxiang.money_rounded_from_double(
            'unconditional_part * probability_alive'
            ~ ' * ((1 - spend_weight) * population_spend'
            ~ ' + spend_weight * monetary)'
        ) }} as clv_cny,
        cast({{ var('clv_horizon_days') }} as integer) as horizon_days
    from scored

)

select * from final
