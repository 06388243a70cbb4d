{#-
    The customer master (golden record): one row per resolved customer.
    Attributes come from survivorship (int_customer_attributes_survived);
    personal data appears only masked here. Raw contacts are in
    restricted.dim_customer_contacts.
-#}

with

records as (

    select * from {{ ref('int_identity_records_clustered') }}
    where customer_id is not null

),

survived as (

    select * from {{ ref('int_customer_attributes_survived') }}

),

orders as (

    select * from {{ ref('fct_orders') }}
    where customer_id is not null

),

cities as (

    select * from {{ ref('cities') }}

),

attributes as (

    select
        customer_id,
        {%- for attribute in [
            'customer_name', 'mobile', 'email', 'gender', 'birth_date', 'city',
            'member_tier', 'is_staff', 'marketing_consent', 'registered_at'
        ] %}
            max(case when attribute = '{{ attribute }}' then attribute_value end)
                as {{ attribute }},
        {%- endfor %}
        count(*) as surviving_attribute_count
    from survived
    group by customer_id

),

record_stats as (

    select
        customer_id,
        count(*) as source_record_count,
        {%- for system in ['crm', 'ecom', 'pos', 'app'] %}
            max(case when source_system = '{{ system }}' then 1 else 0 end) = 1
                as has_{{ system }}_record,
        {%- endfor %}
        min(first_seen_at) as first_seen_at
    from records
    group by customer_id

),

order_stats as (

    select
        customer_id,
        min(case when is_counted_purchase then order_date end)
            as first_order_date,
        max(case when is_counted_purchase then order_date end)
            as last_order_date,
        sum(case when is_counted_purchase then 1 else 0 end)
            as lifetime_orders,
        sum(net_revenue_cny) as lifetime_net_revenue_cny
    from orders
    group by customer_id

),

joined as (

    select
        record_stats.customer_id,
        attributes.customer_name,
        attributes.mobile,
        attributes.email,
        coalesce(attributes.gender, 'unknown') as gender,
        cast(attributes.birth_date as date) as birth_date,
        attributes.city,
        coalesce(cities.city_tier, 'unknown') as city_tier,
        coalesce(attributes.member_tier, 'none') as member_tier,
        coalesce(attributes.is_staff = 'true', false) as is_staff,
        coalesce(attributes.marketing_consent = 'true', false)
            as is_marketing_consented,
        coalesce(
            cast(attributes.registered_at as timestamp),
            record_stats.first_seen_at
        ) as registered_at,
        record_stats.source_record_count,
        record_stats.has_crm_record,
        record_stats.has_ecom_record,
        record_stats.has_pos_record,
        record_stats.has_app_record,
        order_stats.first_order_date,
        order_stats.last_order_date,
        cast(coalesce(order_stats.lifetime_orders, 0) as bigint)
            as lifetime_orders,
        cast(coalesce(order_stats.lifetime_net_revenue_cny, 0) as decimal(18, 2))
            as lifetime_net_revenue_cny
    from record_stats
    left join attributes
        on record_stats.customer_id = attributes.customer_id
    left join order_stats
        on record_stats.customer_id = order_stats.customer_id
    left join cities
        on attributes.city = cities.city_zh

),

final as (

    select
        customer_id,
        {{ huaxiang.mask_name('customer_name') }} as customer_name_masked,
        {{ huaxiang.mask_phone('mobile') }} as mobile_masked,
        {{ huaxiang.mask_email('email') }} as email_masked,
        mobile is not null as has_mobile,
        email is not null as has_email,
        gender,
        cast(extract(year from birth_date) as integer) as birth_year,
        {{ huaxiang.age_in_years('birth_date') }} as age_years,
        coalesce(
            {{ huaxiang.band_label(huaxiang.age_in_years('birth_date'),
                var('age_band_edges')) }},
            'unknown'
        ) as age_band,
        city,
        city_tier,
        member_tier,
        is_staff,
        is_marketing_consented,
        registered_at,
        source_record_count,
        has_crm_record,
        has_ecom_record,
        has_pos_record,
        has_app_record,
        first_order_date,
        last_order_date,
        lifetime_orders,
        lifetime_net_revenue_cny
    from joined

)

select * from final
