"""Campaign uplift statistics (the Python twin of models/marts/audiences/
fct_campaign_evaluation.sql and macros/audiences/uplift_statistics.sql) and a seeded
simulation of campaigns with a known true uplift, used to check the intervals' coverage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959964
Z_POWER_80 = 0.841621
MIN_ARM_SIZE = 100
MAX_DETECTABLE_UPLIFT = 0.05


@dataclass(frozen=True)
class ArmTotals:
    """Sufficient statistics of one arm: customers, conversions, revenue sum and sum
    of squares."""

    n: int
    conversions: int
    revenue: float = 0.0
    revenue_sq: float = 0.0

    @classmethod
    def from_outcomes(cls, converted: np.ndarray, revenue: np.ndarray) -> ArmTotals:
        r = np.asarray(revenue, dtype=float)
        return cls(
            n=len(r),
            conversions=int(np.asarray(converted, dtype=bool).sum()),
            revenue=float(r.sum()),
            revenue_sq=float((r * r).sum()),
        )


def two_sided_p_value(z: float) -> float:
    """1 - erf(|z|/sqrt 2) by Abramowitz & Stegun 7.1.26, as the SQL macro computes
    it (absolute error below 1.5e-7)."""
    x = abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592
        + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return poly * math.exp(-x * x)


def _ratio(x: float, y: float) -> float | None:
    return None if y == 0 else x / y


def evaluate(
    treatment: ArmTotals,
    holdout: ArmTotals,
    *,
    z: float = Z_95,
    z_power: float = Z_POWER_80,
    min_arm_size: int = MIN_ARM_SIZE,
    max_detectable_uplift: float = MAX_DETECTABLE_UPLIFT,
) -> dict[str, float | int | bool | None]:
    """Uplift of treatment over holdout with the columns of fct_campaign_evaluation.
    Statistics that need a non-empty arm (or conversions in both arms, for the
    relative interval) are None otherwise."""
    n_t, n_h = treatment.n, holdout.n
    p_t = _ratio(treatment.conversions, n_t)
    p_h = _ratio(holdout.conversions, n_h)
    out: dict[str, float | int | bool | None] = {
        "treatment_customers": n_t,
        "holdout_customers": n_h,
        "treatment_conversions": treatment.conversions,
        "holdout_conversions": holdout.conversions,
        "treatment_conversion_rate": p_t,
        "holdout_conversion_rate": p_h,
    }
    keys = [
        "uplift_abs",
        "uplift_abs_ci_low",
        "uplift_abs_ci_high",
        "uplift_rel",
        "uplift_rel_ci_low",
        "uplift_rel_ci_high",
        "p_value",
        "revenue_uplift_per_head_cny",
        "revenue_uplift_ci_low_cny",
        "revenue_uplift_ci_high_cny",
        "min_detectable_uplift",
    ]
    out.update(dict.fromkeys(keys))
    rev_t = _ratio(treatment.revenue, n_t)
    rev_h = _ratio(holdout.revenue, n_h)
    out["treatment_revenue_per_head_cny"] = rev_t
    out["holdout_revenue_per_head_cny"] = rev_h
    out["is_underpowered"] = True
    if p_t is None or p_h is None or rev_t is None or rev_h is None:
        return out
    uplift = p_t - p_h
    se = math.sqrt(p_t * (1 - p_t) / n_t + p_h * (1 - p_h) / n_h)
    pool = (treatment.conversions + holdout.conversions) / (n_t + n_h)
    se_pooled = math.sqrt(pool * (1 - pool) * (1 / n_t + 1 / n_h))
    var_t = _ratio(treatment.revenue_sq - treatment.revenue**2 / n_t, n_t - 1)
    var_h = _ratio(holdout.revenue_sq - holdout.revenue**2 / n_h, n_h - 1)
    se_design = math.sqrt(p_h * (1 - p_h) * (1 / n_t + 1 / n_h))
    mde = (z + z_power) * se_design
    out.update(
        uplift_abs=uplift,
        uplift_abs_ci_low=uplift - z * se,
        uplift_abs_ci_high=uplift + z * se,
        uplift_rel=_ratio(uplift, p_h),
        p_value=two_sided_p_value(uplift / se_pooled) if se_pooled > 0 else None,
        revenue_uplift_per_head_cny=rev_t - rev_h,
        min_detectable_uplift=mde,
        is_underpowered=min(n_t, n_h) < min_arm_size or mde > max_detectable_uplift,
    )
    if treatment.conversions > 0 and holdout.conversions > 0:
        se_log = math.sqrt((1 - p_t) / treatment.conversions
                           + (1 - p_h) / holdout.conversions)  # fmt: skip
        log_ratio = math.log(p_t / p_h)
        out["uplift_rel_ci_low"] = math.exp(log_ratio - z * se_log) - 1
        out["uplift_rel_ci_high"] = math.exp(log_ratio + z * se_log) - 1
    if var_t is not None and var_h is not None:
        se_rev = math.sqrt(var_t / n_t + var_h / n_h)
        out["revenue_uplift_ci_low_cny"] = rev_t - rev_h - z * se_rev
        out["revenue_uplift_ci_high_cny"] = rev_t - rev_h + z * se_rev
    return out


@dataclass(frozen=True)
class SimulatedCampaign:
    true_uplift: float
    treatment: ArmTotals
    holdout: ArmTotals


def simulate_campaign(
    rng: np.random.Generator,
    *,
    n: int,
    holdout_share: float,
    base_rates: np.ndarray,
    uplifts: np.ndarray,
    mean_revenue: float = 280.0,
) -> SimulatedCampaign:
    """One campaign over `n` persons drawn from segments (base_rates[i], uplifts[i]):
    a random holdout, conversions by each person's probability, gamma revenue. The
    true uplift is the mean individual effect over the persons targeted."""
    segment = rng.integers(0, len(base_rates), n)
    base = base_rates[segment]
    treated_p = np.clip(base + uplifts[segment], 0, 1)
    holdout = rng.random(n) < holdout_share
    converted = rng.random(n) < np.where(holdout, base, treated_p)
    revenue = np.where(converted, rng.gamma(2.0, mean_revenue / 2.0, n), 0.0)
    return SimulatedCampaign(
        true_uplift=float((treated_p - base).mean()),
        treatment=ArmTotals.from_outcomes(converted[~holdout], revenue[~holdout]),
        holdout=ArmTotals.from_outcomes(converted[holdout], revenue[holdout]),
    )
