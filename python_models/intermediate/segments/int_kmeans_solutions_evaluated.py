"""K-means model selection and stability, written as model-metrics rows.

Chooses k by silhouette on a sample (var kmeans_clusters = auto, range
kmeans_min_clusters..kmeans_max_clusters) and measures how stable the solution
is: adjusted Rand index between the fits of every pair of
kmeans_stability_seeds. int_kmeans_centroids_fitted fits with the chosen k.
Logic: huaxiang.models.clustering (tested in tests/python/test_models_clustering.py).
"""

from __future__ import annotations

import json

try:
    from huaxiang.models import clustering, frames
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_kmeans_solutions_evaluated: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def model(dbt, session):
    dbt.config(materialized="table")
    features = frames.to_pandas(dbt.ref("int_customer_features_aggregated"))
    metrics = clustering.evaluation_metrics(
        features,
        json.loads(dbt.config.get("kmeans_features_json")),
        setting=dbt.config.get("kmeans_clusters"),
        k_min=int(dbt.config.get("kmeans_min_clusters")),
        k_max=int(dbt.config.get("kmeans_max_clusters")),
        seed=int(dbt.config.get("kmeans_seed")),
        sample_size=int(dbt.config.get("kmeans_selection_sample_size")),
        silhouette_sample_size=int(dbt.config.get("kmeans_silhouette_sample_size")),
        stability_seeds=json.loads(dbt.config.get("kmeans_stability_seeds_json")),
    )
    context = frames.MetricContext(
        model_name="customer_clusters",
        as_of_date=str(dbt.config.get("as_of_date")),
        library=frames.library_version("scikit-learn"),
    )
    return frames.metric_rows(context, metrics)
