"""Fit the churn-warning model: standardised features, logistic regression,
sigmoid calibration; written as a parameter table that
dim_customer_churn_risk scores in SQL.

Trains on the most recent labelled snapshot (`holdout`: features up to the
as-of date minus var churn_window_days, label = no purchase after it up to the
as-of date), on a sample of var churn_sample_size customers. When that
snapshot cannot support a fit (too few customers, one class) the table is
empty and so is dim_customer_churn_risk.
Logic: huaxiang.models.churn (tested in tests/python/test_models_churn.py).
"""

from __future__ import annotations

import json

try:
    from huaxiang.models import churn, frames
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_churn_coefficients_fitted: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def model(dbt, session):
    dbt.config(materialized="table")
    transforms = json.loads(dbt.config.get("churn_features_json"))
    seed = int(dbt.config.get("churn_seed"))
    snapshots = frames.to_pandas(dbt.ref("int_churn_features_snapshotted"))
    labelled = snapshots[snapshots["snapshot_name"] == "holdout"]
    sample = frames.sample_rows(
        labelled, "customer_id", int(dbt.config.get("churn_sample_size")), seed
    )
    try:
        fitted = churn.fit_calibrated(sample, transforms, seed)
    except churn.ChurnDataError as error:
        print(f"int_churn_coefficients_fitted: not fitted: {error}", flush=True)
        return churn.empty_parameter_rows()
    return churn.parameter_rows(fitted)
