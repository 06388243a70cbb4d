"""Evaluate the finance credit scorecard as model-metrics rows: the fit of
int_credit_scorecard_fitted (same sample, seed and settings) scored on the
later `holdout` snapshot of int_credit_features_snapshotted (AUC, Gini, KS),
the population stability index of the score between the training population
and the holdout and scoring populations, and IV, bins and coefficient per
feature.
Logic: huaxiang.models.credit (tested in tests/python/test_models_scorecard.py).
"""

from __future__ import annotations

try:
    from huaxiang.models import credit, frames, scorecard
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_credit_scorecard_evaluated: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def model(dbt, session):
    dbt.config(materialized="table")
    settings = credit.Settings.from_json(dbt.config.get("scorecard_settings_json"))
    snapshots = frames.to_pandas(dbt.ref("int_credit_features_snapshotted"))
    training = credit.training_rows(snapshots, settings)
    try:
        metrics = [("data", "is_fitted", "all", 1, len(training))]
        metrics += credit.evaluate(snapshots, training, settings)
    except scorecard.ScorecardDataError as error:
        print(f"int_credit_scorecard_evaluated: not evaluated: {error}", flush=True)
        metrics = [("data", "is_fitted", "all", 0, len(training))]
    start, end = credit.holdout_window(snapshots)
    context = frames.MetricContext(
        model_name="credit_scorecard",
        as_of_date=str(dbt.config.get("as_of_date")),
        library=frames.library_version("scikit-learn"),
        holdout_start_date=start,
        holdout_end_date=end,
    )
    return frames.metric_rows(context, metrics)
