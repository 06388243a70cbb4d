{#-
    K-means persona of every purchasing customer, scored in SQL from the
    parameters fitted in Python (int_kmeans_centroids_fitted): transform,
    standardise, nearest centroid by squared Euclidean distance (ties go to
    the lower cluster index, as in scikit-learn). The distance is one
    expression per (customer, cluster), not an aggregate, so it is computed
    in the same order on every run and engine.
    Each cluster is named from its centroid (standardised units) by the rules
    in seeds/cluster_naming_rules.csv: the first rule (by rule_order) whose
    conditions all hold; clusters that end up with the same name are numbered.
-#}

{%- set features = var('kmeans_features') %}
{%- for feature_name, transform in features.items() %}
    {%- if transform not in ['log1p', 'none'] %}
        {{ exceptions.raise_compiler_error(
            "kmeans_features." ~ feature_name ~ ": unknown transform '"
            ~ transform ~ "' (use log1p or none) in dbt_project.yml vars"
        ) }}
    {%- endif %}
{%- endfor %}

with

features as (

    select * from {{ ref('int_customer_features_aggregated') }}
    where recency_days is not null

),

parameters as (

    {#- Engines without Python models read the parameters a DuckDB fit
        exported (make export-params; README "PostgreSQL and Spark"). #}
    select * from {{ huaxiang.python_fit_ref(
        'int_kmeans_centroids_fitted', 'stg_model_params__kmeans_parameters'
    ) }}

),

centroids as (

    select
        cluster_index,
        {%- for feature_name in features %}
            max(case when feature_name = '{{ feature_name }}' then scaler_mean end)
                as mean_{{ loop.index }},
            max(case when feature_name = '{{ feature_name }}' then scaler_scale end)
                as scale_{{ loop.index }},
            max(case when feature_name = '{{ feature_name }}' then centroid_scaled end)
                as centroid_{{ loop.index }},
        {%- endfor %}
        count(*) as parameter_rows
    from parameters
    group by cluster_index

),

transformed as (

    select
        customer_id,
        {%- for feature_name, transform in features.items() %}
            {%- if transform == 'log1p' %}
                sign(cast({{ feature_name }} as {{ huaxiang.type_double() }}))
                * ln(1 + abs(cast({{ feature_name }} as {{ huaxiang.type_double() }})))
                    as value_{{ loop.index }},
            {%- else %}
                cast({{ feature_name }} as {{ huaxiang.type_double() }}) as value_{{ loop.index }},
            {%- endif %}
        {%- endfor %}
        true as is_scored
    from features

),

distances as (

    select
        transformed.customer_id,
        centroids.cluster_index,
        {%- for feature_name in features %}
            power(
                (transformed.value_{{ loop.index }} - centroids.mean_{{ loop.index }})
                / centroids.scale_{{ loop.index }}
                - centroids.centroid_{{ loop.index }},
                2
            ){{ " +" if not loop.last }}
        {%- endfor %}
            as squared_distance
    from transformed
    cross join centroids

),

naming_rules as (

    select * from {{ ref('cluster_naming_rules') }}

),

rule_sizes as (

    select
        rule_code,
        rule_order,
        name_zh,
        name_en,
        count(feature_name) as condition_count
    from naming_rules
    group by rule_code, rule_order, name_zh, name_en

),

satisfied_conditions as (

    select
        parameters.cluster_index,
        naming_rules.rule_code,
        count(*) as satisfied_count
    from parameters
    inner join naming_rules
        on parameters.feature_name = naming_rules.feature_name
    where (
        naming_rules.comparison = '>='
        and parameters.centroid_scaled >= naming_rules.z_threshold
    )
    or (
        naming_rules.comparison = '<='
        and parameters.centroid_scaled <= naming_rules.z_threshold
    )
    group by parameters.cluster_index, naming_rules.rule_code

),

matching_rules as (

    select
        centroids.cluster_index,
        rule_sizes.rule_code,
        rule_sizes.name_zh,
        rule_sizes.name_en,
        row_number() over (
            partition by centroids.cluster_index
            order by rule_sizes.rule_order, rule_sizes.rule_code
        ) as match_rank
    from centroids
    cross join rule_sizes
    left join satisfied_conditions
        on centroids.cluster_index = satisfied_conditions.cluster_index
            and rule_sizes.rule_code = satisfied_conditions.rule_code
    where coalesce(satisfied_conditions.satisfied_count, 0)
        = rule_sizes.condition_count

),

cluster_names as (

    select
        cluster_index,
        rule_code,
        name_zh,
        name_en,
        row_number() over (
            partition by rule_code order by cluster_index
        ) as name_number,
        count(*) over (partition by rule_code) as name_count
    from matching_rules
    where match_rank = 1

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by squared_distance, cluster_index
        ) as distance_rank
    from distances

),

final as (

    select
        ranked.customer_id,
        ranked.cluster_index,
        'cluster_' || cast(ranked.cluster_index as {{ dbt.type_string() }})
            as cluster_code,
        cluster_names.rule_code as cluster_rule_code,
        case when cluster_names.name_count > 1
                then cluster_names.name_zh || ' '
                    || cast(cluster_names.name_number as {{ dbt.type_string() }})
            else cluster_names.name_zh
        end as cluster_name_zh,
        case when cluster_names.name_count > 1
                then cluster_names.name_en || ' '
                    || cast(cluster_names.name_number as {{ dbt.type_string() }})
            else cluster_names.name_en
        end as cluster_name_en,
        sqrt(ranked.squared_distance) as distance_to_centroid
    from ranked
    left join cluster_names
        on ranked.cluster_index = cluster_names.cluster_index
    where ranked.distance_rank = 1

)

select * from final
