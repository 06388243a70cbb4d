"""Fit the finance credit scorecard: WoE/IV binning (monotone where var
scorecard_features says so), logistic regression on the WoE values and the
points scaling; written as one row per (feature, bin) that
dim_customer_credit_score scores in SQL.

Fits on the `training` snapshot of int_credit_features_snapshotted (customers
not already bad at the observation point), on a sample of var
scorecard_sample_size customers; int_credit_scorecard_evaluated checks the same
fit on the later `holdout` snapshot. When the snapshot cannot support a fit
(too few bads) the table is empty and so is dim_customer_credit_score.
Logic: huaxiang.models.credit (tested in tests/python/test_models_scorecard.py).
"""

from __future__ import annotations

try:
    from huaxiang.models import credit, frames, scorecard
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_credit_scorecard_fitted: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def model(dbt, session):
    dbt.config(materialized="table")
    settings = credit.Settings.from_json(dbt.config.get("scorecard_settings_json"))
    snapshots = frames.to_pandas(dbt.ref("int_credit_features_snapshotted"))
    training = credit.training_rows(snapshots, settings)
    try:
        card = credit.fit(training, settings)
    except scorecard.ScorecardDataError as error:
        print(f"int_credit_scorecard_fitted: not fitted: {error}", flush=True)
        return scorecard.empty_parameter_rows()
    return scorecard.parameter_rows(card, settings.monotone, len(training))
