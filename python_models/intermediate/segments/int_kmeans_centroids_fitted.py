"""Fit K-means personas in Python; score every customer in SQL.

Fits a StandardScaler and KMeans (fixed seed) with the number of clusters
chosen in int_kmeans_solutions_evaluated, on a sample of purchasing
customers, and writes the parameters as a long table: one row per
(cluster, feature) with the feature's transform, the scaler's mean and scale
and the centroid coordinate in scaled units. dim_customer_clusters scores
every customer from these rows, so scoring runs on the warehouse engine.

Clusters are renumbered deterministically: cluster 1 has the highest centroid
on monetary_365d_cny, and so on. Logic: huaxiang.models.clustering.
"""

from __future__ import annotations

import json

try:
    from huaxiang.models import frames
    from huaxiang.models.clustering import (  # noqa: F401 (used by tests)
        fit_kmeans_parameters,
        transform_features,
    )
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_kmeans_centroids_fitted: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def chosen_clusters(metrics) -> int:
    rows = metrics[metrics["metric_name"] == "selected_clusters"]
    if len(rows) != 1:
        raise ValueError(
            "int_kmeans_centroids_fitted: int_kmeans_solutions_evaluated has no "
            "selected_clusters row; rebuild it "
            "(dbt build -s +int_kmeans_centroids_fitted)"
        )
    return int(rows["metric_value"].iloc[0])


def model(dbt, session):
    dbt.config(materialized="table")
    transforms = json.loads(dbt.config.get("kmeans_features_json"))
    features = frames.to_pandas(dbt.ref("int_customer_features_aggregated"))
    metrics = frames.to_pandas(dbt.ref("int_kmeans_solutions_evaluated"))
    return fit_kmeans_parameters(
        features,
        transforms,
        n_clusters=chosen_clusters(metrics),
        seed=int(dbt.config.get("kmeans_seed")),
        sample_size=int(dbt.config.get("kmeans_sample_size")),
    )
