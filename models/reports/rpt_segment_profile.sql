{#- Each RFM segment broken down by demographics and behaviour, as customer counts and shares. -#}

{%- set dimensions = {
    'gender': 'customers.gender',
    'age_band': 'customers.age_band',
    'city_tier': 'customers.city_tier',
    'member_tier': 'customers.member_tier',
    'channel_preference': 'rfm.channel_preference',
    'top_category': "coalesce(rfm.top_category_365d, 'none')",
} %}

with

rfm as (

    select * from {{ ref('dim_customer_rfm') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

long_form as (

    {%- for dimension, expression in dimensions.items() %}
        select
            rfm.segment_code,
            '{{ dimension }}' as dimension,
            cast({{ expression }} as {{ dbt.type_string() }}) as dimension_value
        from rfm
        inner join customers
            on rfm.customer_id = customers.customer_id
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

counted as (

    select
        segment_code,
        dimension,
        dimension_value,
        count(*) as customers
    from long_form
    group by segment_code, dimension, dimension_value

)

select
    segment_code,
    dimension,
    dimension_value,
    customers,
    cast(customers as {{ huaxiang.type_double() }})
    / sum(customers) over (partition by segment_code, dimension) as share
from counted
