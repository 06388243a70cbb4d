{#-
    K-means persona of every purchasing customer, scored in SQL from the
    parameters fitted in Python (int_kmeans_centroids_fitted): transform,
    standardise, nearest centroid by squared Euclidean distance (ties go to
    the lower cluster index, as in scikit-learn).
-#}

with

features as (

    select * from {{ ref('int_customer_features_aggregated') }}
    where recency_days is not null

),

parameters as (

    select * from {{ ref('int_kmeans_centroids_fitted') }}

),

features_long as (

    {%- for feature_name, transform in var('kmeans_features').items() %}
        select
            customer_id,
            '{{ feature_name }}' as feature_name,
            {%- if transform == 'log1p' %}
                ln(1 + cast({{ feature_name }} as double)) as feature_value
            {%- elif transform == 'none' %}
                cast({{ feature_name }} as double) as feature_value
            {%- else %}
        {{ exceptions.raise_compiler_error(
            "kmeans_features." ~ feature_name ~ ": unknown transform '"
            ~ transform ~ "' (use log1p or none) in dbt_project.yml vars"
        ) }}
        {%- endif %}
        from features
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

distances as (

    select
        features_long.customer_id,
        parameters.cluster_index,
        sum(
            power(
                (features_long.feature_value - parameters.scaler_mean)
                / parameters.scaler_scale
                - parameters.centroid_scaled,
                2
            )
        ) as squared_distance
    from features_long
    inner join parameters
        on features_long.feature_name = parameters.feature_name
    group by features_long.customer_id, parameters.cluster_index

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
