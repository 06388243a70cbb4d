"""Segments on the built warehouse: SQL K-means scoring agrees with scikit-learn,
and the Python model's pure functions behave."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import REPO
from sklearn.metrics import pairwise_distances_argmin

FIT_MODULE = (
    REPO
    / "python_models"
    / "intermediate"
    / "segments"
    / "int_kmeans_centroids_fitted.py"
)


def load_fit_module():
    spec = importlib.util.spec_from_file_location("kmeans_fit", FIT_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sql_cluster_assignment_matches_scikit_learn(warehouse_path: Path):
    fit = load_fit_module()
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        parameters = connection.execute(
            "select * from intermediate.int_kmeans_centroids_fitted "
            "order by cluster_index, feature_name"
        ).df()
        features = connection.execute(
            "select * from intermediate.int_customer_features_aggregated "
            "where recency_days is not null order by customer_id"
        ).df()
        assigned = connection.execute(
            "select customer_id, cluster_index from marts.dim_customer_clusters "
            "order by customer_id"
        ).df()
    transforms = (
        parameters.drop_duplicates("feature_name")
        .set_index("feature_name")["feature_transform"]
        .to_dict()
    )
    names = list(transforms)
    first = parameters[parameters.cluster_index == 1].set_index("feature_name")
    matrix = fit.transform_features(features, transforms)
    scaled = (matrix - first.loc[names, "scaler_mean"].to_numpy()) / first.loc[
        names, "scaler_scale"
    ].to_numpy()
    centers = (
        parameters.pivot(
            index="cluster_index", columns="feature_name", values="centroid_scaled"
        )
        .sort_index()[names]
        .to_numpy()
    )
    expected = pairwise_distances_argmin(scaled, centers) + 1
    assert len(assigned) == len(features) > 100
    assert (
        assigned["customer_id"].to_numpy() == features["customer_id"].to_numpy()
    ).all()
    assert (assigned["cluster_index"].to_numpy() == expected).all()


def test_fit_is_deterministic_and_ordered_by_value():
    fit = load_fit_module()
    rng = np.random.default_rng(0)
    n = 600
    features = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "frequency_365d": rng.poisson(3, n),
            "monetary_365d_cny": np.concatenate(
                [rng.normal(200, 20, n // 2), rng.normal(5000, 300, n // 2)]
            ),
        }
    )
    transforms = {"frequency_365d": "log1p", "monetary_365d_cny": "log1p"}
    first = fit.fit_kmeans_parameters(features, transforms, 2, 42, 10_000)
    again = fit.fit_kmeans_parameters(
        features.sample(frac=1, random_state=1), transforms, 2, 42, 10_000
    )
    pd.testing.assert_frame_equal(first, again)
    money = first[first.feature_name == "monetary_365d_cny"].set_index("cluster_index")
    assert money.loc[1, "centroid_scaled"] > money.loc[2, "centroid_scaled"]


def test_unknown_transform_is_rejected_with_the_var_named():
    fit = load_fit_module()
    frame = pd.DataFrame({"customer_id": ["a"], "x": [1.0]})
    with pytest.raises(ValueError, match="kmeans_features"):
        fit.transform_features(frame, {"x": "sqrt"})


def test_log_transform_keeps_net_refunds_finite():
    fit = load_fit_module()
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "m": [-150.0, 0.0, 150.0]})
    values = fit.transform_features(frame, {"m": "log1p"})[:, 0]
    assert np.isfinite(values).all()
    assert values[0] == pytest.approx(-values[2]) and values[1] == 0
