"""Churn warning: the SQL formula equals scikit-learn's calibrated
predictions, the model uses more than recency, and dim_customer_churn_risk
scores the warehouse with the fitted parameters and the band thresholds."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO
from sklearn.metrics import roc_auc_score

from huaxiang.models import churn

TRANSFORMS = {"recency_days": "log1p", "purchase_days_365d": "log1p"}


def synthetic_snapshot(n: int, seed: int) -> pd.DataFrame:
    """Customers buy at their own rate; some have churned at a random time.
    A long gap means little for a customer who buys rarely, so the label
    depends on recency relative to frequency, not on recency alone."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 12.0, n) / 365  # purchases per day, widely spread
    churned = rng.random(n) < 0.3
    recency = np.where(
        churned, rng.integers(30, 300, n), rng.exponential(1 / rate).clip(0, 365)
    )
    purchases = rng.poisson(rate * 365) + 1
    window_purchase = ~churned & (rng.random(n) < 1 - np.exp(-rate * 90))
    return pd.DataFrame(
        {
            "customer_id": [f"C{seed}{i:06d}" for i in range(n)],
            "recency_days": recency.round(),
            "purchase_days_365d": purchases,
            "is_lapsed": ~window_purchase,
        }
    )


def test_sql_formula_equals_calibrated_predict_proba():
    model = churn.fit_calibrated(synthetic_snapshot(3000, 1), TRANSFORMS, seed=7)
    scoring = synthetic_snapshot(500, 2)
    scaled = (churn.transform_features(scoring, TRANSFORMS) - model["mean"]) / model[
        "scale"
    ]
    expected = model["calibrated"].predict_proba(scaled)[:, 1]
    np.testing.assert_allclose(churn.probability(model, scoring), expected, atol=1e-9)


def test_model_beats_recency_only_on_frequency_dependent_churn():
    training, holdout = synthetic_snapshot(4000, 3), synthetic_snapshot(4000, 4)
    metrics = {
        (name, detail): value
        for _, name, detail, value, _ in churn.holdout_metrics(
            training, holdout, TRANSFORMS, seed=7
        )
    }
    assert metrics[("auc", "all")] > metrics[("auc", "recency_only")] + 0.005
    assert metrics[("brier_score", "all")] < metrics[("brier_score", "lapse_rate")]


def test_fit_is_deterministic():
    frame = synthetic_snapshot(2000, 5)
    first = churn.parameter_rows(churn.fit_calibrated(frame, TRANSFORMS, seed=7))
    again = churn.parameter_rows(
        churn.fit_calibrated(frame.sample(frac=1, random_state=3), TRANSFORMS, seed=7)
    )
    pd.testing.assert_frame_equal(first, again)


def test_one_class_snapshot_is_refused_with_the_fix():
    frame = synthetic_snapshot(200, 6).assign(is_lapsed=True)
    with pytest.raises(churn.ChurnDataError, match="churn_window_days"):
        churn.fit_calibrated(frame, TRANSFORMS, seed=7)


def test_calibration_table_orders_by_prediction():
    predicted = np.linspace(0, 1, 100)
    actual = predicted > 0.5
    rows = churn.calibration_table(predicted, actual)
    assert [row[0] for row in rows] == list(range(1, 11))
    assert rows[0][2] == 0 and rows[-1][2] == 1
    assert sum(row[3] for row in rows) == 100


def model_from_parameters(parameters: pd.DataFrame) -> dict[str, object]:
    features = parameters[parameters["term_kind"] == "feature"]
    by_kind = parameters.set_index("term_kind")["parameter_value"]
    return {
        "transforms": dict(
            zip(features["term_name"], features["feature_transform"], strict=True)
        ),
        "mean": features["scaler_mean"].to_numpy(float),
        "scale": features["scaler_scale"].to_numpy(float),
        "coefficients": features["parameter_value"].to_numpy(float),
        "intercept": float(by_kind["intercept"]),
        "calibration_slope": float(by_kind["calibration_slope"]),
        "calibration_intercept": float(by_kind["calibration_intercept"]),
    }


def test_sql_churn_scores_equal_python_scores(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        parameters = connection.execute(
            "select * from intermediate.int_churn_coefficients_fitted"
        ).df()
        snapshot = connection.execute(
            "select * from intermediate.int_churn_features_snapshotted "
            "where snapshot_name = 'scoring' order by customer_id"
        ).df()
        scored = connection.execute(
            "select * from marts.dim_customer_churn_risk order by customer_id"
        ).df()
    assert len(scored) == len(snapshot) > 100
    assert (
        scored["customer_id"].to_numpy() == snapshot["customer_id"].to_numpy()
    ).all()
    model = model_from_parameters(parameters)
    np.testing.assert_allclose(
        scored["churn_score"], churn.linear_score(model, snapshot), atol=1e-9
    )
    np.testing.assert_allclose(
        scored["churn_probability"], churn.probability(model, snapshot), atol=1e-9
    )


def test_risk_bands_follow_the_thresholds(warehouse_path: Path):
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    thresholds = project["vars"]["churn_risk_band_min_probability"]
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        scored = connection.execute(
            "select churn_probability, risk_band_code "
            "from marts.dim_customer_churn_risk"
        ).df()
    ordered = sorted(thresholds.items(), key=lambda item: item[1])
    edges = [edge for _, edge in ordered]
    expected = [
        ordered[np.searchsorted(edges, value, side="right") - 1][0]
        for value in scored["churn_probability"]
    ]
    assert scored["risk_band_code"].tolist() == expected
    assert scored["risk_band_code"].nunique() >= 2


def churn_auc_metrics(warehouse_path: Path) -> dict[str, float]:
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        return dict(
            connection.execute(
                "select metric_group || ':' || metric_detail, metric_value "
                "from marts.fct_model_metrics "
                "where model_name = 'churn_warning' and metric_name = 'auc'"
            ).fetchall()
        )


# Issue 4 asks for churn AUC >= recency-only baseline + 0.05 on generated data with
# known churn behaviour: churners' final sales are refunded at a high rate and churn
# happens up to 30 days before the data ends (generator, section "churn"). Measured
# +0.058 to +0.068 over seeds 1, 2, 3 and 42 at 3,000 customers (README, "Churn
# warning: what the generated data lets it learn"); the test build is seed 42.
REGRESSION_LIFT = 0.03
ACCEPTANCE_LIFT = 0.05


def test_holdout_auc_meets_the_acceptance_lift(warehouse_path: Path):
    metrics = churn_auc_metrics(warehouse_path)
    assert (
        metrics["evaluation:all"] >= metrics["baseline:recency_only"] + ACCEPTANCE_LIFT
    )


def test_holdout_auc_beats_recency_baseline_on_generated_data(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        metrics = dict(
            connection.execute(
                "select metric_group || ':' || metric_detail, metric_value "
                "from marts.fct_model_metrics "
                "where model_name = 'churn_warning' and metric_name = 'auc'"
            ).fetchall()
        )
        holdout = connection.execute(
            "select customer_id, recency_days, is_lapsed "
            "from intermediate.int_churn_features_snapshotted "
            "where snapshot_name = 'holdout'"
        ).df()
    assert metrics["baseline:recency_only"] == pytest.approx(
        roc_auc_score(holdout["is_lapsed"], holdout["recency_days"]), abs=0.02
    )
    # A regression guard well inside what every measured seed reaches.
    assert (
        metrics["evaluation:all"] >= metrics["baseline:recency_only"] + REGRESSION_LIFT
    )
