{#-
    Profile migrations for the history page: fct_profile_migrations with
    zh/en labels and display order of the from- and to-values (lifecycle
    stages from seeds/lifecycle_stages.csv, RFM segments from
    seeds/rfm_segments.csv, clusters by code) and each flow's share of its
    from-value.
-#}

with

migrations as (

    select * from {{ ref('fct_profile_migrations') }}

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

value_labels as (

    select
        'lifecycle_stage' as dimension,
        stage_code as value_code,
        stage_name_zh as label_zh,
        stage_name_en as label_en,
        cast(sort_order as integer) as sort_order
    from stages
    union all
    select
        'segment_code' as dimension,
        segment_code as value_code,
        segment_name_zh as label_zh,
        segment_name_en as label_en,
        cast(sort_order as integer) as sort_order
    from segments

),

labelled as (

    select
        migrations.dimension,
        migrations.from_value,
        coalesce(from_labels.label_zh, migrations.from_value) as from_label_zh,
        coalesce(from_labels.label_en, migrations.from_value) as from_label_en,
        coalesce(from_labels.sort_order, 999) as from_sort_order,
        migrations.to_value,
        coalesce(to_labels.label_zh, migrations.to_value) as to_label_zh,
        coalesce(to_labels.label_en, migrations.to_value) as to_label_en,
        coalesce(to_labels.sort_order, 999) as to_sort_order,
        migrations.from_date,
        migrations.to_date,
        migrations.customers,
        cast(migrations.customers as {{ huaxiang.type_double() }})
        / sum(migrations.customers) over (
            partition by migrations.dimension, migrations.from_value
        ) as from_share
    from migrations
    left join value_labels as from_labels
        on
            migrations.dimension = from_labels.dimension
            and migrations.from_value = from_labels.value_code
    left join value_labels as to_labels
        on
            migrations.dimension = to_labels.dimension
            and migrations.to_value = to_labels.value_code

)

select * from labelled
