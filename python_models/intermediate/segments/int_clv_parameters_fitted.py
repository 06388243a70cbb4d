"""Fit BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) for CLV.

Fits on a sample (var clv_sample_size) of the purchase summaries up to the
as-of date with the `lifetimes` package and writes the seven parameters as a
long table; dim_customer_clv scores every customer from them in SQL. With too
little history to fit (fewer than 10 repeat buyers) the table is empty and so
is dim_customer_clv; the model card says so (is_fitted = 0).
Logic: huaxiang.models.clv (tested in tests/python/test_models_clv.py).
"""

from __future__ import annotations

try:
    from huaxiang.models import clv, frames
except ModuleNotFoundError as error:  # pragma: no cover - environment problem
    raise ModuleNotFoundError(
        "int_clv_parameters_fitted: cannot import huaxiang; run dbt with "
        "PYTHONPATH=src (the Makefile exports it)"
    ) from error


def fit_parameters(
    summaries, period_days: float, sample_size: int, seed: int, penalizer: float
):
    sample = frames.sample_rows(summaries, "customer_id", sample_size, seed)
    summary = clv.summary_from_days(
        sample,
        "repeat_purchases",
        "first_to_last_purchase_days",
        "customer_age_days",
        period_days,
    )
    try:
        bgnbd = clv.fit_bgnbd(summary, penalizer)
        monetary = sample["avg_repeat_value_cny"].astype("float64").fillna(0).to_numpy()
        gamma_gamma = clv.fit_gamma_gamma(summary.frequency, monetary, penalizer)
    except ValueError as error:
        print(f"int_clv_parameters_fitted: not fitted: {error}", flush=True)
        return clv.parameter_rows({}, {}, 0, 0, period_days, empty=True)
    repeat_buyers = int(((summary.frequency > 0) & (monetary > 0)).sum())
    return clv.parameter_rows(
        bgnbd, gamma_gamma, len(sample), repeat_buyers, period_days
    )


def model(dbt, session):
    dbt.config(materialized="table")
    summaries = frames.to_pandas(dbt.ref("int_customer_purchases_summarized"))
    return fit_parameters(
        summaries,
        period_days=float(dbt.config.get("clv_period_days")),
        sample_size=int(dbt.config.get("clv_sample_size")),
        seed=int(dbt.config.get("clv_seed")),
        penalizer=float(dbt.config.get("clv_penalizer")),
    )
