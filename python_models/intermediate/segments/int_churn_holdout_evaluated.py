"""Evaluate the churn-warning model on a later holdout, as model-metrics rows.

Fits on the `training` snapshot (cut-off two windows before the as-of date)
and tests on the `holdout` snapshot (one window later, label up to the as-of
date): AUC and Brier score against a recency-only baseline, calibration by
decile, and the coefficients.
Logic: huaxiang.models.churn (tested in tests/python/test_models_churn.py).
"""

from __future__ import annotations

import datetime as dt
import json

try:
    from huaxiang.models import churn, frames
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_churn_holdout_evaluated: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def model(dbt, session):
    dbt.config(materialized="table")
    transforms = json.loads(dbt.config.get("churn_features_json"))
    seed = int(dbt.config.get("churn_seed"))
    sample_size = int(dbt.config.get("churn_sample_size"))
    as_of = str(dbt.config.get("as_of_date"))
    window = int(dbt.config.get("churn_window_days"))
    snapshots = frames.to_pandas(dbt.ref("int_churn_features_snapshotted"))
    training, holdout = (
        frames.sample_rows(
            snapshots[snapshots["snapshot_name"] == name],
            "customer_id",
            sample_size,
            seed,
        )
        for name in ("training", "holdout")
    )
    try:
        metrics = [("data", "is_fitted", "all", 1, len(training))]
        metrics += churn.holdout_metrics(training, holdout, transforms, seed)
    except churn.ChurnDataError as error:
        print(f"int_churn_holdout_evaluated: not evaluated: {error}", flush=True)
        metrics = [("data", "is_fitted", "all", 0, len(training))]
    start = dt.date.fromisoformat(as_of) - dt.timedelta(days=window - 1)
    context = frames.MetricContext(
        model_name="churn_warning",
        as_of_date=as_of,
        library=frames.library_version("scikit-learn"),
        holdout_start_date=start.isoformat(),
        holdout_end_date=as_of,
    )
    return frames.metric_rows(context, metrics)
