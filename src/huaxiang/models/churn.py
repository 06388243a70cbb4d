"""Churn warning: logistic regression on standardised features with Platt
(sigmoid) calibration, a time-split evaluation and a recency-only baseline.

The fitted model is one linear score and one calibration sigmoid:

    score       = intercept + sum_i coefficient_i * (transform(x_i) - mean_i) / scale_i
    probability = 1 / (1 + exp(calibration_slope * score + calibration_intercept))

so dim_customer_churn_risk scores every customer in SQL from the parameter
table written here (`parameter_rows`), with the same numbers as scikit-learn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from huaxiang.models.clustering import standardise, transform_features

LABEL = "is_lapsed"
BASELINE_FEATURE = "recency_days"


class ChurnDataError(ValueError):
    """The labelled snapshot cannot support a fit (too few rows or one class)."""


def check_labelled(frame: pd.DataFrame, what: str, minimum: int = 20) -> None:
    classes = frame[LABEL].astype(bool).value_counts()
    if len(frame) < minimum or len(classes) < 2 or classes.min() < 5:
        raise ChurnDataError(
            f"churn model: the {what} snapshot of int_churn_features_snapshotted has "
            f"{len(frame)} customers ({dict(classes)}); it needs at least {minimum} "
            "with 5 of each class. Use more order history or a shorter "
            "var churn_window_days"
        )


def fit_calibrated(
    frame: pd.DataFrame, transforms: dict[str, str], seed: int
) -> dict[str, object]:
    """Fit scaler + logistic regression on 80% and the sigmoid on the other 20%."""
    check_labelled(frame, "training")
    ordered = frame.sort_values("customer_id", kind="stable").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    is_calibration = rng.random(len(ordered)) < 0.2
    matrix = transform_features(ordered, transforms, var_name="churn_features")
    label = ordered[LABEL].astype(bool).to_numpy()
    scaled_fit, mean, scale = standardise(matrix[~is_calibration])
    classifier = LogisticRegression(max_iter=1000).fit(
        scaled_fit, label[~is_calibration]
    )
    scaled_calibration = (matrix[is_calibration] - mean) / scale
    calibrated = CalibratedClassifierCV(FrozenEstimator(classifier), method="sigmoid")
    calibrated.fit(scaled_calibration, label[is_calibration])
    sigmoid = calibrated.calibrated_classifiers_[0].calibrators[0]
    return {
        "transforms": dict(transforms),
        "mean": mean,
        "scale": scale,
        "coefficients": classifier.coef_[0].astype("float64"),
        "intercept": float(classifier.intercept_[0]),
        "calibration_slope": float(sigmoid.a_),
        "calibration_intercept": float(sigmoid.b_),
        "classifier": classifier,
        "calibrated": calibrated,
        "training_rows": len(ordered),
    }


def linear_score(model: dict[str, object], frame: pd.DataFrame) -> np.ndarray:
    matrix = transform_features(frame, model["transforms"], var_name="churn_features")
    scaled = (matrix - model["mean"]) / model["scale"]
    return scaled @ model["coefficients"] + model["intercept"]


def probability(model: dict[str, object], frame: pd.DataFrame) -> np.ndarray:
    """Calibrated probability of lapsing, by the formula the SQL uses."""
    score = linear_score(model, frame)
    return 1.0 / (
        1.0
        + np.exp(model["calibration_slope"] * score + model["calibration_intercept"])
    )


def parameter_rows(model: dict[str, object]) -> pd.DataFrame:
    """Long parameter table: one row per feature, then intercept and calibration."""
    rows = [
        {
            "term_name": name,
            "term_kind": "feature",
            "feature_transform": transform,
            "scaler_mean": float(model["mean"][index]),
            "scaler_scale": float(model["scale"][index]),
            "parameter_value": float(model["coefficients"][index]),
        }
        for index, (name, transform) in enumerate(model["transforms"].items())
    ]
    for kind in ("intercept", "calibration_slope", "calibration_intercept"):
        rows.append(
            {
                "term_name": kind,
                "term_kind": kind,
                "feature_transform": None,
                "scaler_mean": None,
                "scaler_scale": None,
                "parameter_value": float(model[kind]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["training_rows"] = int(model["training_rows"])
    return frame


def calibration_table(
    predicted: np.ndarray, actual: np.ndarray, bins: int = 10
) -> list[tuple[int, float, float, int]]:
    """(decile, mean predicted, observed rate, customers) by predicted decile."""
    order = np.argsort(predicted, kind="stable")
    rows = []
    for index, chunk in enumerate(np.array_split(order, bins), start=1):
        if len(chunk):
            rows.append(
                (
                    index,
                    float(predicted[chunk].mean()),
                    float(actual[chunk].mean()),
                    len(chunk),
                )
            )
    return rows


def holdout_metrics(
    training: pd.DataFrame,
    holdout: pd.DataFrame,
    transforms: dict[str, str],
    seed: int,
) -> list[tuple[str, str, str, float, int]]:
    """Train on the earlier snapshot, evaluate on the later one: AUC, Brier
    score and calibration by decile, against a recency-only baseline (AUC of
    recency itself: the longer since the last purchase, the likelier a lapse)."""
    check_labelled(holdout, "holdout")
    model = fit_calibrated(training, transforms, seed)
    predicted = probability(model, holdout)
    actual = holdout[LABEL].astype(bool).to_numpy()
    n = len(holdout)
    auc = roc_auc_score(actual, predicted)
    baseline_auc = roc_auc_score(actual, holdout[BASELINE_FEATURE].astype("float64"))
    metrics = [
        ("data", "training_rows", "all", len(training), len(training)),
        (
            "data",
            "lapse_rate",
            "training",
            training[LABEL].astype(bool).mean(),
            len(training),
        ),
        ("data", "lapse_rate", "holdout", actual.mean(), n),
        ("evaluation", "auc", "all", auc, n),
        ("baseline", "auc", "recency_only", baseline_auc, n),
        ("evaluation", "auc_lift_over_baseline", "all", auc - baseline_auc, n),
        ("evaluation", "brier_score", "all", brier_score_loss(actual, predicted), n),
        (
            "baseline",
            "brier_score",
            "lapse_rate",
            brier_score_loss(actual, np.full(n, training[LABEL].astype(bool).mean())),
            n,
        ),
    ]
    for decile, mean_predicted, observed, count in calibration_table(predicted, actual):
        detail = f"decile={decile:02d}"
        metrics.append(
            ("evaluation", "calibration_predicted", detail, mean_predicted, count)
        )
        metrics.append(("evaluation", "calibration_observed", detail, observed, count))
    for name, coefficient in zip(
        model["transforms"], model["coefficients"], strict=True
    ):
        metrics.append(("fit", "coefficient", name, coefficient, len(training)))
    return metrics


def empty_parameter_rows() -> pd.DataFrame:
    """The parameter table with no rows (no fit possible): typed columns."""
    return pd.DataFrame(
        {
            "term_name": pd.Series([], dtype="str"),
            "term_kind": pd.Series([], dtype="str"),
            "feature_transform": pd.Series([], dtype="str"),
            "scaler_mean": pd.Series([], dtype="float64"),
            "scaler_scale": pd.Series([], dtype="float64"),
            "parameter_value": pd.Series([], dtype="float64"),
            "training_rows": pd.Series([], dtype="int64"),
        }
    )
