{#-
    K-means persona of every purchasing customer, scored in SQL from the
    parameters fitted in Python (int_kmeans_centroids_fitted): transform,
    standardise, nearest centroid by squared Euclidean distance (ties go to
    the lower cluster index, as in scikit-learn). The distance is one
    expression per (customer, cluster), not an aggregate, so it is computed
    in the same order on every run and engine.
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
    {%- if target.type in var('python_model_adapters') %}
        select * from {{ ref('int_kmeans_centroids_fitted') }}
    {%- else %}
        select * from {{ ref('stg_model_params__kmeans_parameters') }}
    {%- endif %}

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

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by squared_distance, cluster_index
        ) as distance_rank
    from distances

)

select
    customer_id,
    cluster_index,
    'cluster_' || cast(cluster_index as {{ dbt.type_string() }}) as cluster_code,
    sqrt(squared_distance) as distance_to_centroid
from ranked
where distance_rank = 1
