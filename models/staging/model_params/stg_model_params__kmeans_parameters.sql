{#-
    K-means parameters exported from a DuckDB fit, typed. Replaces the Python
    model int_kmeans_centroids_fitted on engines that cannot run it.
-#}

with

source as (

    select * from {{ source('model_params', 'kmeans_parameters') }}

),

final as (

    select
        cast(cluster_index as bigint) as cluster_index,
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(feature_transform as {{ dbt.type_string() }}) as feature_transform,
        cast(scaler_mean as {{ huaxiang.type_double() }}) as scaler_mean,
        cast(scaler_scale as {{ huaxiang.type_double() }}) as scaler_scale,
        cast(centroid_scaled as {{ huaxiang.type_double() }}) as centroid_scaled,
        cast(training_rows as bigint) as training_rows,
        cast(random_seed as bigint) as random_seed
    from source

)

select * from final
