"""Fit K-means personas in Python; score every customer in SQL.

Fits a StandardScaler and KMeans (fixed seed) on a sample of purchasing
customers and writes the parameters as a long table: one row per
(cluster, feature) with the feature's transform, the scaler's mean and scale
and the centroid coordinate in scaled units. dim_customer_clusters scores
every customer from these rows, so scoring runs on the warehouse engine.

Clusters are renumbered deterministically: cluster 1 has the highest centroid
on monetary_365d_cny (in original units), and so on.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def signed_log1p(values: np.ndarray) -> np.ndarray:
    """sign(x) * ln(1 + |x|): log scale that keeps net refunds (negative money)."""
    return np.sign(values) * np.log1p(np.abs(values))


# Same formulas as dim_customer_clusters (SQL): sign(x) * ln(1 + abs(x)) and x.
TRANSFORMS = {"log1p": signed_log1p, "none": lambda values: values}
VALUE_FEATURE = "monetary_365d_cny"


def to_pandas(relation) -> pd.DataFrame:
    """One conversion for every adapter: DuckDB, Snowpark and Spark relations."""
    for method in ("df", "to_pandas", "toPandas"):
        if hasattr(relation, method):
            return getattr(relation, method)()
    raise TypeError(f"Cannot convert {type(relation).__name__} to pandas")


def transform_features(frame: pd.DataFrame, transforms: dict[str, str]) -> np.ndarray:
    """Apply each feature's transform (signed log1p or none); columns in dict order."""
    unknown = sorted(set(transforms.values()) - set(TRANSFORMS))
    if unknown:
        raise ValueError(
            f"kmeans_features: unknown transform(s) {unknown}; use one of "
            f"{sorted(TRANSFORMS)} in dbt_project.yml vars"
        )
    columns = [
        TRANSFORMS[transform](frame[name].astype("float64").to_numpy())
        for name, transform in transforms.items()
    ]
    return np.column_stack(columns)


def fit_kmeans_parameters(
    features: pd.DataFrame,
    transforms: dict[str, str],
    n_clusters: int,
    seed: int,
    sample_size: int,
) -> pd.DataFrame:
    """Fit scaler + K-means on a sample and return the long parameter table."""
    eligible = features.dropna(subset=list(transforms)).sort_values("customer_id")
    if len(eligible) < n_clusters:
        raise ValueError(
            f"K-means needs at least {n_clusters} purchasing customers, "
            f"found {len(eligible)}; lower var kmeans_clusters"
        )
    if len(eligible) > sample_size:
        eligible = eligible.sample(n=sample_size, random_state=seed)
    matrix = transform_features(eligible, transforms)
    scaler = StandardScaler().fit(matrix)
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    scaled = (matrix - scaler.mean_) / scale
    kmeans = KMeans(n_clusters=n_clusters, random_state=seed, n_init=10).fit(scaled)

    value_index = list(transforms).index(VALUE_FEATURE)
    order = np.argsort(-kmeans.cluster_centers_[:, value_index], kind="stable")
    rows = []
    for new_index, old_index in enumerate(order, start=1):
        for feature_index, (name, transform) in enumerate(transforms.items()):
            rows.append(
                {
                    "cluster_index": new_index,
                    "feature_name": name,
                    "feature_transform": transform,
                    "scaler_mean": float(scaler.mean_[feature_index]),
                    "scaler_scale": float(scale[feature_index]),
                    "centroid_scaled": float(
                        kmeans.cluster_centers_[old_index, feature_index]
                    ),
                    "training_rows": len(eligible),
                    "random_seed": seed,
                }
            )
    return pd.DataFrame(rows)


def model(dbt, session):
    dbt.config(materialized="table")
    transforms = json.loads(dbt.config.get("kmeans_features_json"))
    features = to_pandas(dbt.ref("int_customer_features_aggregated"))
    return fit_kmeans_parameters(
        features,
        transforms,
        n_clusters=int(dbt.config.get("kmeans_clusters")),
        seed=int(dbt.config.get("kmeans_seed")),
        sample_size=int(dbt.config.get("kmeans_sample_size")),
    )
