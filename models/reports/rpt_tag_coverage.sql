{#-
    Tag coverage: for every tag of the industry being built and every value it
    takes, the customers with that value and their share of all customers
    (dim_customers). A tag's missing values (no input, e.g. no purchase) show as
    a row with tag_value null. Labels from seeds/tag_values.csv (booleans via
    the '*' rows), member tiers, RFM segments, churn-risk bands, lifecycle
    stages and cluster names.
-#}

with

tags as (

    select * from {{ ref('fct_customer_tags') }}

),

customers as (

    select count(*) as total_customers from {{ ref('dim_customers') }}

),

manual as (

    select * from {{ ref('rpt_tag_manual') }}
    where is_built

),

value_labels as (

    select
        tag_code,
        value_code,
        value_label_zh,
        value_label_en
    from {{ ref('tag_values') }}
    union all
    select
        'member_tier' as tag_code,
        member_tier as value_code,
        label_zh as value_label_zh,
        label_en as value_label_en
    from {{ ref('member_tiers') }}
    union all
    select
        'rfm_segment' as tag_code,
        segment_code as value_code,
        segment_name_zh as value_label_zh,
        segment_name_en as value_label_en
    from {{ ref('rfm_segments') }}
    union all
    select
        'churn_risk_band' as tag_code,
        band_code as value_code,
        band_name_zh as value_label_zh,
        band_name_en as value_label_en
    from {{ ref('churn_risk_bands') }}
    union all
    select
        'lifecycle_stage' as tag_code,
        stage_code as value_code,
        stage_name_zh as value_label_zh,
        stage_name_en as value_label_en
    from {{ ref('lifecycle_stages') }}
    union all
    -- The persona rule's name: two clusters can match the same rule (their
    -- cluster names are then numbered), the tag value is the rule code.
    select distinct
        'cluster_persona' as tag_code,
        rule_code as value_code,
        name_zh as value_label_zh,
        name_en as value_label_en
    from {{ ref('cluster_naming_rules') }}

),

per_value as (

    select
        tag_code,
        tag_value,
        count(*) as customers
    from tags
    group by tag_code, tag_value

),

with_value as (

    select
        tag_code,
        sum(customers) as customers
    from per_value
    group by tag_code

),

missing as (

    select
        manual.tag_code,
        cast(null as {{ dbt.type_string() }}) as tag_value,
        customers.total_customers - coalesce(with_value.customers, 0)
            as customers
    from manual
    cross join customers
    left join with_value
        on manual.tag_code = with_value.tag_code

),

all_values as (

    select * from per_value
    union all
    select * from missing
    where customers > 0

),

final as (

    select
        all_values.tag_code,
        manual.industry,
        manual.value_type,
        all_values.tag_value,
        coalesce(
            specific.value_label_zh,
            generic.value_label_zh,
            all_values.tag_value,
            '(无值)'
        ) as value_label_zh,
        coalesce(
            specific.value_label_en,
            generic.value_label_en,
            all_values.tag_value,
            '(no value)'
        ) as value_label_en,
        all_values.customers,
        cast(all_values.customers as {{ huaxiang.type_double() }})
        / nullif(customers.total_customers, 0) as customer_share
    from all_values
    inner join manual
        on all_values.tag_code = manual.tag_code
    cross join customers
    left join value_labels as specific
        on all_values.tag_code = specific.tag_code
            and all_values.tag_value = specific.value_code
    left join value_labels as generic
        on generic.tag_code = '*'
            and manual.value_type = 'boolean'
            and all_values.tag_value = generic.value_code

)

select * from final
