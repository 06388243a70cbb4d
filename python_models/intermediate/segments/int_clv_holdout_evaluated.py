"""Evaluate BG/NBD on a holdout period, written as model-metrics rows.

Refits on the purchase history up to the calibration end (as-of date minus
var clv_holdout_days) and compares the repeat purchases it predicts for the
holdout with those that happened: mean absolute error against a naive
baseline (each customer's past rate carried forward), totals, correlation,
and the calibration plot by past repeat purchases.
Logic: huaxiang.models.clv (tested in tests/python/test_models_clv.py).
"""

from __future__ import annotations

try:
    from huaxiang.models import clv, frames
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_clv_holdout_evaluated: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def evaluate(
    summaries,
    period_days: float,
    holdout_days: int,
    sample_size: int,
    seed: int,
    penalizer: float,
    terms: int,
):
    calibration = summaries[summaries["is_in_calibration"].astype(bool)]
    sample = frames.sample_rows(calibration, "customer_id", sample_size, seed)
    summary = clv.summary_from_days(
        sample,
        "calibration_repeat_purchases",
        "calibration_first_to_last_days",
        "calibration_age_days",
        period_days,
    )
    n = len(sample)
    try:
        params = clv.fit_bgnbd(summary, penalizer)
    except ValueError as error:
        print(f"int_clv_holdout_evaluated: not evaluated: {error}", flush=True)
        return [("data", "is_fitted", "all", 0, n)], None
    metrics = [
        ("data", "is_fitted", "all", 1, n),
        ("data", "training_rows", "all", n, n),
    ]
    metrics += [
        ("fit", "calibration_bgnbd", name, value, n) for name, value in params.items()
    ]
    metrics += clv.holdout_metrics(
        params,
        summary,
        sample["holdout_purchases"].astype("float64").to_numpy(),
        holdout_days / period_days,
        terms,
    )
    end = sample["calibration_end_date"].iloc[0]
    return metrics, str(end)[:10]


def model(dbt, session):
    dbt.config(materialized="table")
    import datetime as dt

    as_of = str(dbt.config.get("as_of_date"))
    holdout_days = int(dbt.config.get("clv_holdout_days"))
    summaries = frames.to_pandas(dbt.ref("int_customer_purchases_summarized"))
    metrics, calibration_end = evaluate(
        summaries,
        period_days=float(dbt.config.get("clv_period_days")),
        holdout_days=holdout_days,
        sample_size=int(dbt.config.get("clv_sample_size")),
        seed=int(dbt.config.get("clv_seed")),
        penalizer=float(dbt.config.get("clv_penalizer")),
        terms=int(dbt.config.get("clv_hyp2f1_terms")),
    )
    start = dt.date.fromisoformat(as_of) - dt.timedelta(days=holdout_days - 1)
    context = frames.MetricContext(
        model_name="customer_lifetime_value",
        as_of_date=as_of,
        library=frames.library_version("lifetimes", "scipy"),
        holdout_start_date=start.isoformat(),
        holdout_end_date=as_of,
    )
    return frames.metric_rows(context, metrics)
