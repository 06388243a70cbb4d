"""Recommendations: SQL association rules equal a pandas recount, and
customers are only offered items they have not bought."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml
from conftest import REPO


def project_vars() -> dict:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"]


def test_rules_equal_a_pandas_recount(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        baskets = connection.execute(
            "select order_id, item_code from intermediate.int_basket_items_collected"
        ).df()
        rules = connection.execute(
            "select * from marts.fct_association_rules "
            "order by antecedent_item, consequent_item"
        ).df()
    settings = project_vars()
    total = baskets["order_id"].nunique()
    item_baskets = baskets.groupby("item_code")["order_id"].nunique()
    pairs = baskets.merge(baskets, on="order_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["item_code_a"] != pairs["item_code_b"]]
    counts = (
        pairs.groupby(["item_code_a", "item_code_b"])
        .size()
        .rename("pair")
        .reset_index()
    )
    counts["support"] = counts["pair"] / total
    counts["confidence"] = counts["pair"] / counts["item_code_a"].map(item_baskets)
    counts["lift"] = counts["confidence"] / (
        counts["item_code_b"].map(item_baskets) / total
    )
    kept = counts[
        (counts["support"] >= settings["recommendation_min_support"])
        & (counts["confidence"] >= settings["recommendation_min_confidence"])
        & (counts["lift"] >= settings["recommendation_min_lift"])
    ].sort_values(["item_code_a", "item_code_b"])
    assert len(rules) == len(kept) > 0
    assert rules["antecedent_item"].tolist() == kept["item_code_a"].tolist()
    assert rules["consequent_item"].tolist() == kept["item_code_b"].tolist()
    for column in ("support", "confidence", "lift"):
        np.testing.assert_allclose(rules[column], kept[column], rtol=1e-12)


def test_recommendations_are_new_items_backed_by_a_rule(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        offered = connection.execute(
            "select * from marts.dim_customer_recommendations"
        ).df()
        bought = connection.execute(
            "select distinct customer_id, item_code "
            "from intermediate.int_basket_items_collected where customer_id is not null"
        ).df()
        rules = connection.execute(
            "select antecedent_item, consequent_item, confidence "
            "from marts.fct_association_rules"
        ).df()
    assert len(offered) > 0
    already = offered.merge(bought, on=["customer_id", "item_code"])
    assert already.empty, f"{len(already)} recommendations of items already bought"
    reasons = offered.merge(bought, left_on=["customer_id", "because_of_item"],
                            right_on=["customer_id", "item_code"],
                            suffixes=("", "_bought"))  # fmt: skip
    assert len(reasons) == len(offered)  # the rule starts from something they bought
    backed = offered.merge(
        rules,
        left_on=["because_of_item", "item_code"],
        right_on=["antecedent_item", "consequent_item"],
        suffixes=("", "_rule"),
    )
    assert len(backed) == len(offered)
    np.testing.assert_allclose(backed["confidence"], backed["confidence_rule"])
    top_n = project_vars()["recommendation_top_n"]
    assert offered["recommendation_rank"].between(1, top_n).all()
    ranks = offered.sort_values(["customer_id", "recommendation_rank"])
    assert (
        ranks.groupby("customer_id")["confidence"].apply(
            lambda values: values.is_monotonic_decreasing
        )
    ).all()


def test_cluster_names_follow_the_naming_rules(warehouse_path: Path):
    rules = pd.read_csv(REPO / "seeds" / "cluster_naming_rules.csv")
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        centroids = connection.execute(
            "select cluster_index, feature_name, centroid_scaled "
            "from intermediate.int_kmeans_centroids_fitted"
        ).df()
        named = connection.execute(
            "select distinct cluster_index, cluster_rule_code "
            "from marts.dim_customer_clusters order by cluster_index"
        ).df()
    z = centroids.pivot(index="cluster_index", columns="feature_name",
                        values="centroid_scaled")  # fmt: skip
    expected = {}
    for cluster, profile in z.iterrows():
        for code, conditions in sorted(
            rules.groupby("rule_code"), key=lambda item: item[1]["rule_order"].min()
        ):
            conditions = conditions.dropna(subset=["feature_name"])
            if all(
                profile[row.feature_name] >= row.z_threshold
                if row.comparison == ">="
                else profile[row.feature_name] <= row.z_threshold
                for row in conditions.itertuples()
            ):
                expected[cluster] = code
                break
    assert dict(
        zip(named["cluster_index"], named["cluster_rule_code"], strict=True)
    ) == (expected)
