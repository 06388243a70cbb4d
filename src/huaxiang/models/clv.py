"""Customer lifetime value: BG/NBD (purchase frequency, P(alive)) and
Gamma-Gamma (spend per purchase), fitted with the `lifetimes` package.

Fitting happens in Python on a sample; scoring happens in SQL
(dim_customer_clv) from the parameters. The SQL needs the Gauss
hypergeometric function 2F1 for the BG/NBD conditional expectation. It uses
Euler's transformation

    2F1(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1-r-x) * 2F1(a+b-1-r, a-1; a+b+x-1; z)

whose series converges for every purchase count x (the direct series needs
hundreds of terms when x is large), truncated at a configurable number of
terms. `expected_purchases_series` is the same computation in numpy, so the
tests can prove the truncation error small against `lifetimes` itself.

Time is measured in periods of `period_days` days (7 = weeks, as in the
published BG/NBD papers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BGNBD_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "v")


@dataclass(frozen=True)
class PurchaseSummary:
    """Per-customer RFM summary in model periods (lifetimes' convention)."""

    frequency: np.ndarray  # repeat purchase periods (purchase days - 1)
    recency: np.ndarray  # first to last purchase, periods
    age: np.ndarray  # first purchase to the end of the period (T), periods


# BG/NBD dropout parameters a, b above this make the scoring series overflow.
MAX_DROPOUT_PARAMETER = 1000.0


def summary_from_days(
    frame: pd.DataFrame,
    frequency: str,
    recency_days: str,
    age_days: str,
    period_days: float,
) -> PurchaseSummary:
    """Convert day-based columns of the warehouse into model periods."""
    if period_days <= 0:
        raise ValueError(f"clv_period_days must be positive, got {period_days}")
    return PurchaseSummary(
        frequency=frame[frequency].astype("float64").to_numpy(),
        recency=frame[recency_days].astype("float64").to_numpy() / period_days,
        age=frame[age_days].astype("float64").to_numpy() / period_days,
    )


def fit_bgnbd(summary: PurchaseSummary, penalizer: float = 0.0) -> dict[str, float]:
    """Maximum-likelihood BG/NBD parameters r, alpha, a, b (lifetimes)."""
    from lifetimes import BetaGeoFitter
    from lifetimes.utils import ConvergenceError

    if len(summary.frequency) < 10 or summary.frequency.sum() == 0:
        raise ValueError(
            f"BG/NBD needs at least 10 customers with some repeat purchases, got "
            f"{len(summary.frequency)} customers and {summary.frequency.sum():.0f} "
            "repeat purchases; use more order history (int_customer_purchases_"
            "summarized)"
        )
    fitter = BetaGeoFitter(penalizer_coef=penalizer)
    try:
        fitter.fit(summary.frequency, summary.recency, summary.age)
    except ConvergenceError as error:
        raise ValueError(
            f"BG/NBD did not converge on {len(summary.frequency)} customers with "
            f"penalizer {penalizer}; set var clv_penalizer (e.g. 0.001)"
        ) from error
    params = {name: float(fitter.params_[name]) for name in BGNBD_PARAMETERS}
    if max(params["a"], params["b"]) > MAX_DROPOUT_PARAMETER:
        # a and b in the thousands mean the data shows almost no dropout (e.g.
        # contractual subscriptions, where BG/NBD does not apply); the scoring
        # series then overflows. Refuse rather than publish NaN scores.
        raise ValueError(
            f"BG/NBD fit is degenerate (a={params['a']:.4g}, b={params['b']:.4g}): "
            "the purchases show almost no dropout, as in contractual subscriptions "
            "where BG/NBD does not apply. Set var clv_penalizer (e.g. 0.001) to "
            "regularise, or leave CLV unfitted for this data"
        )
    return params


def fit_gamma_gamma(
    frequency: np.ndarray, monetary: np.ndarray, penalizer: float = 0.0
) -> dict[str, float]:
    """Gamma-Gamma spend parameters p, q, v on repeat buyers with positive spend."""
    from lifetimes import GammaGammaFitter
    from lifetimes.utils import ConvergenceError

    keep = (frequency > 0) & (monetary > 0)
    if keep.sum() < 10:
        raise ValueError(
            f"Gamma-Gamma needs at least 10 repeat buyers with positive spend, got "
            f"{keep.sum()}; use more order history"
        )
    fitter = GammaGammaFitter(penalizer_coef=penalizer)
    try:
        fitter.fit(frequency[keep], monetary[keep])
    except ConvergenceError as error:
        raise ValueError(
            f"Gamma-Gamma did not converge on {keep.sum()} repeat buyers with "
            f"penalizer {penalizer}; set var clv_penalizer (e.g. 0.001)"
        ) from error
    return {name: float(fitter.params_[name]) for name in GAMMA_GAMMA_PARAMETERS}


def probability_alive(params: dict[str, float], summary: PurchaseSummary) -> np.ndarray:
    """P(alive | x, t_x, T) of BG/NBD (no special function needed)."""
    r, alpha, a, b = (params[name] for name in BGNBD_PARAMETERS)
    x, t_x, age = summary.frequency, summary.recency, summary.age
    odds = np.where(
        x > 0,
        a / np.maximum(b + x - 1, 1e-300) * ((alpha + age) / (alpha + t_x)) ** (r + x),
        0.0,
    )
    return 1.0 / (1.0 + odds)


def hyp2f1_series(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, z: np.ndarray, terms: int
) -> np.ndarray:
    """Truncated Gauss series sum_{j<terms} (a)_j (b)_j / ((c)_j j!) z^j, each
    term from the previous one by the ratio (a+j)(b+j) z / ((c+j)(j+1)), as the
    SQL computes it (a running sum of log |ratio| and a count of negative ones)."""
    a, b, c, z = np.broadcast_arrays(
        *(np.asarray(v, dtype="float64") for v in (a, b, c, z))
    )
    j = np.arange(terms - 1, dtype="float64")[:, None]
    ratio = (a + j) * (b + j) * z / ((c + j) * (j + 1))
    log_abs = np.cumsum(np.log(np.abs(ratio)), axis=0)
    negative = np.cumsum(ratio < 0, axis=0) % 2
    term = np.where(negative == 1, -1.0, 1.0) * np.exp(log_abs)
    return 1.0 + term.sum(axis=0)


def expected_purchases_series(
    params: dict[str, float], summary: PurchaseSummary, horizon: float, terms: int
) -> np.ndarray:
    """E[purchases in (T, T + horizon] | x, t_x, T] via Euler's transformation
    and the truncated series: the formula dim_customer_clv runs in SQL."""
    r, alpha, a, b = (params[name] for name in BGNBD_PARAMETERS)
    x, t_x, age = summary.frequency, summary.recency, summary.age
    z = horizon / (alpha + age + horizon)
    series = hyp2f1_series(a + b - 1 - r, a - 1, a + b + x - 1, z, terms)
    # (1-z)^(r+x) from the model times (1-z)^(a-1-r-x) from Euler = (1-z)^(a-1)
    numerator = (a + b + x - 1) / (a - 1) * (1 - (1 - z) ** (a - 1) * series)
    odds = np.where(
        x > 0,
        a / np.maximum(b + x - 1, 1e-300) * ((alpha + age) / (alpha + t_x)) ** (r + x),
        0.0,
    )
    return numerator / (1 + odds)


def expected_spend(
    params: dict[str, float], frequency: np.ndarray, monetary: np.ndarray
) -> np.ndarray:
    """Gamma-Gamma conditional expected spend per purchase (population mean
    for customers without repeat purchases or with non-positive spend)."""
    p, q, v = (params[name] for name in GAMMA_GAMMA_PARAMETERS)
    population = v * p / (q - 1)
    usable = (frequency > 0) & (monetary > 0)
    weight = np.where(usable, p * frequency / (p * frequency + q - 1), 0.0)
    return (1 - weight) * population + weight * np.where(usable, monetary, 0.0)


def parameter_rows(
    bgnbd: dict[str, float],
    gamma_gamma: dict[str, float],
    bgnbd_rows: int,
    gamma_gamma_rows: int,
    period_days: float,
    empty: bool = False,
) -> pd.DataFrame:
    """Long parameter table read by the SQL scoring model (no rows when the
    data could not support a fit: dim_customer_clv is then empty)."""
    columns = ["submodel", "parameter_name", "parameter_value", "training_rows"]
    if empty:
        frame = pd.DataFrame(
            {
                "submodel": pd.Series([], dtype="str"),
                "parameter_name": pd.Series([], dtype="str"),
                "parameter_value": pd.Series([], dtype="float64"),
                "training_rows": pd.Series([], dtype="int64"),
                "period_days": pd.Series([], dtype="float64"),
            }
        )
        return frame
    rows = [("bgnbd", name, bgnbd[name], bgnbd_rows) for name in BGNBD_PARAMETERS] + [
        ("gamma_gamma", name, gamma_gamma[name], gamma_gamma_rows)
        for name in GAMMA_GAMMA_PARAMETERS
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["period_days"] = float(period_days)
    return frame


def holdout_metrics(
    params: dict[str, float],
    calibration: PurchaseSummary,
    holdout_purchases: np.ndarray,
    holdout_periods: float,
    terms: int,
    max_frequency_bucket: int = 6,
) -> list[tuple[str, str, str, float, int]]:
    """Predicted vs actual repeat purchases in the holdout period, overall and
    by calibration-period repeat purchases (the BG/NBD calibration plot), with
    a naive baseline (each customer's calibration rate carried forward)."""
    predicted = expected_purchases_series(params, calibration, holdout_periods, terms)
    actual = holdout_purchases.astype("float64")
    rate = np.where(
        calibration.age > 0,
        calibration.frequency / np.maximum(calibration.age, 1e-9),
        0.0,
    )
    naive = rate * holdout_periods
    n = len(actual)
    metrics = [
        ("evaluation", "holdout_mae", "all", np.abs(predicted - actual).mean(), n),
        ("baseline", "holdout_mae", "naive_rate", np.abs(naive - actual).mean(), n),
        ("evaluation", "holdout_actual_mean", "all", actual.mean(), n),
        ("evaluation", "holdout_predicted_mean", "all", predicted.mean(), n),
        (
            "evaluation",
            "holdout_correlation",
            "all",
            float(np.corrcoef(predicted, actual)[0, 1]) if actual.std() > 0 else 0.0,
            n,
        ),
    ]
    bucket = np.minimum(calibration.frequency, max_frequency_bucket).astype(int)
    for value in range(max_frequency_bucket + 1):
        chosen = bucket == value
        if not chosen.any():
            continue
        label = f"{value}+" if value == max_frequency_bucket else str(value)
        detail = f"calibration_repeat_purchases={label}"
        count = int(chosen.sum())
        metrics.append(
            ("evaluation", "holdout_actual_mean", detail, actual[chosen].mean(), count)
        )
        metrics.append(
            (
                "evaluation",
                "holdout_predicted_mean",
                detail,
                predicted[chosen].mean(),
                count,
            )
        )
    return metrics
