"""Clustering: k is chosen by silhouette, solutions are stable across seeds,
the evaluation lands in fct_model_metrics, and every cluster gets a name."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from huaxiang.models import clustering, frames


def blobs(centres: list[tuple[float, float]], per_blob: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    points = np.vstack(
        [rng.normal(centre, 0.3, size=(per_blob, 2)) for centre in centres]
    )
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(len(points))],
            "monetary_365d_cny": points[:, 0],
            "frequency_365d": points[:, 1],
        }
    )


TRANSFORMS = {"monetary_365d_cny": "none", "frequency_365d": "none"}


@pytest.mark.parametrize("true_k", [3, 4, 5])
def test_select_k_finds_the_number_of_separated_groups(true_k: int):
    centres = [(4.0 * i, 4.0 * (i % 2)) for i in range(true_k)]
    features = blobs(centres, 150, seed=true_k)
    scaled, _, _ = clustering.standardise(
        clustering.transform_features(features, TRANSFORMS)
    )
    chosen, scores = clustering.select_k(
        scaled, 2, 8, seed=42, silhouette_sample_size=400
    )
    assert chosen == true_k
    assert set(scores) == set(range(2, 9))


def test_select_k_cuts_the_range_to_the_data():
    scaled = np.array([[0.0], [1.0], [5.0], [6.0]])
    chosen, scores = clustering.select_k(
        scaled, 3, 8, seed=1, silhouette_sample_size=10
    )
    assert set(scores) == {3}  # 4 distinct rows allow k <= 3
    assert chosen == 3


def test_bad_k_range_is_refused_with_the_var_names():
    with pytest.raises(ValueError, match="kmeans_min_clusters"):
        clustering.select_k(np.zeros((10, 2)), 5, 3, seed=1, silhouette_sample_size=10)
    with pytest.raises(ValueError, match="kmeans_clusters"):
        clustering.resolve_k("many", np.zeros((10, 2)), 2, 4, 1, 10)


def test_stability_is_high_on_clear_groups_and_metrics_are_complete():
    features = blobs([(0, 0), (5, 0), (0, 5)], 200, seed=9)
    metrics = clustering.evaluation_metrics(
        features, TRANSFORMS, "auto", 2, 6, seed=42, sample_size=10_000,
        silhouette_sample_size=500, stability_seeds=[1, 2, 3, 4, 5],
    )  # fmt: skip
    by_name = {(name, detail): value for _, name, detail, value, _ in metrics}
    assert by_name[("selected_clusters", "all")] == 3
    assert sum(1 for name, _ in by_name if name == "adjusted_rand_index") == 10
    assert by_name[("adjusted_rand_index_min", "all")] >= 0.99
    frame = frames.metric_rows(
        frames.MetricContext("customer_clusters", "2026-06-30", "scikit-learn"), metrics
    )
    assert list(frame.columns) == frames.METRIC_COLUMNS


def test_fixed_k_setting_skips_the_search():
    features = blobs([(0, 0), (5, 0), (0, 5)], 50, seed=3)
    metrics = clustering.evaluation_metrics(
        features, TRANSFORMS, 2, 2, 6, seed=42, sample_size=10_000,
        silhouette_sample_size=500, stability_seeds=[1, 2],
    )  # fmt: skip
    names = [name for _, name, _, _, _ in metrics]
    assert "silhouette" not in names
    assert ("selected_clusters", 2.0) in [(m[1], m[3]) for m in metrics]


def test_metric_rows_reject_unknown_groups_and_duplicates():
    context = frames.MetricContext("customer_clusters", "2026-06-30", "x")
    with pytest.raises(ValueError, match="metric group"):
        frames.metric_rows(context, [("accuracy", "auc", "all", 1.0, 1)])
    with pytest.raises(ValueError, match="duplicate"):
        frames.metric_rows(
            context, [("data", "rows", "all", 1, 1), ("data", "rows", "all", 2, 1)]
        )


def test_to_pandas_accepts_every_adapter_relation():
    frame = pd.DataFrame({"a": [1]})

    class Snowpark:
        def to_pandas(self):
            return frame

    class Spark:
        def toPandas(self):  # noqa: N802 (Spark's name)
            return frame

    relation = duckdb.sql("select 1 as a")
    for source in (relation, Snowpark(), Spark()):
        assert frames.to_pandas(source)["a"].tolist() == [1]
    with pytest.raises(TypeError, match="dbt.ref"):
        frames.to_pandas(object())


def test_warehouse_clusters_are_stable_named_and_ordered(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        metrics = connection.execute(
            "select metric_name, metric_detail, metric_value "
            "from marts.fct_model_metrics "
            "where model_name = 'customer_clusters'"
        ).df()
        clusters = connection.execute(
            "select clusters.cluster_index, clusters.cluster_name_zh, "
            "clusters.cluster_name_en, avg(rfm.monetary_365d_cny) as spend "
            "from marts.dim_customer_clusters as clusters "
            "inner join marts.dim_customer_rfm as rfm using (customer_id) "
            "group by all order by clusters.cluster_index"
        ).df()
    values = metrics.set_index(["metric_name", "metric_detail"])["metric_value"]
    chosen = int(values[("selected_clusters", "all")])
    assert len(clusters) == chosen
    assert values[("adjusted_rand_index_min", "all")] >= 0.9
    assert (
        clusters["cluster_name_zh"].is_unique and clusters["cluster_name_en"].is_unique
    )
    # Cluster 1 has the highest centroid spend; average spend follows it.
    assert clusters["spend"].iloc[0] == clusters["spend"].max()
