"""Credit scorecard for the finance industry (python_models/intermediate/finance:
int_credit_scorecard_fitted writes the parameters, int_credit_scorecard_evaluated
the metrics; dim_customer_credit_score scores in SQL).

Binning with weight of evidence (WoE) and information value (IV), monotone
where asked (pool-adjacent-violators on the bad rate), logistic regression
on the WoE values, points scaling (base score, base odds, points to double
the odds), and the usual checks: KS, AUC and the population stability index
(PSI). Pure numpy/pandas/scikit-learn; tested in test_models_scorecard.py.

Convention: target 1 = bad (default); WoE = ln(share of goods / share of
bads) in the bin, so a positive WoE is a safer than average bin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


@dataclass(frozen=True)
class Binning:
    """Bins of one feature: inner cut points and the WoE of each bin."""

    feature: str
    cuts: np.ndarray  # ascending inner edges; bin i is (cuts[i-1], cuts[i]]
    woe: np.ndarray
    iv: float
    table: pd.DataFrame


def bin_index(values: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Bin of each value: 0 for values <= cuts[0], ..., len(cuts) above the last."""
    return np.searchsorted(cuts, np.asarray(values, dtype="float64"), side="left")


def quantile_cuts(values: np.ndarray, max_bins: int) -> np.ndarray:
    """Distinct inner quantile edges for at most `max_bins` bins."""
    if max_bins < 2:
        raise ValueError(f"max_bins must be at least 2, got {max_bins}")
    probabilities = np.linspace(0, 1, max_bins + 1)[1:-1]
    cuts = np.unique(np.quantile(np.asarray(values, dtype="float64"), probabilities))
    return cuts[cuts < np.max(values)]


def _counts(
    index: np.ndarray, target: np.ndarray, bins: int
) -> tuple[np.ndarray, np.ndarray]:
    bads = np.bincount(index, weights=target, minlength=bins)
    totals = np.bincount(index, minlength=bins).astype("float64")
    return bads, totals - bads


def _monotone_cuts(
    cuts: np.ndarray,
    bads: np.ndarray,
    goods: np.ndarray,
    increasing: bool,
    smoothing: float = 0.0,
) -> np.ndarray:
    """Merge adjacent bins until the bad rate is monotone (pool adjacent violators).
    The rate is smoothed as the WoE is ((bads + s) / (total + 2s)), so the WoE of
    the merged bins is monotone too, not only their raw bad rate."""
    blocks = [[i] for i in range(len(bads))]
    bad = list(bads)
    total = list(bads + goods)
    changed = True
    while changed:
        changed = False
        for i in range(len(blocks) - 1):
            left = (bad[i] + smoothing) / (total[i] + 2 * smoothing)
            right = (bad[i + 1] + smoothing) / (total[i + 1] + 2 * smoothing)
            if (left > right) if increasing else (left < right):
                blocks[i] += blocks.pop(i + 1)
                bad[i] += bad.pop(i + 1)
                total[i] += total.pop(i + 1)
                changed = True
                break
    keep = [block[-1] for block in blocks[:-1]]
    return cuts[keep]


def fit_binning(
    feature: str,
    values: np.ndarray,
    target: np.ndarray,
    max_bins: int = 10,
    monotone: bool = True,
    smoothing: float = 0.5,
) -> Binning:
    """Quantile bins, merged to a monotone bad rate when `monotone` (direction
    from the sign of the correlation), with WoE and IV per bin. `smoothing`
    is added to the bad and good counts of every bin (no infinite WoE)."""
    values = np.asarray(values, dtype="float64")
    target = np.asarray(target, dtype="float64")
    if np.isnan(values).any():
        raise ValueError(
            f"scorecard feature {feature}: missing values; impute them first"
        )
    cuts = quantile_cuts(values, max_bins)
    if monotone and len(cuts):
        bads, goods = _counts(bin_index(values, cuts), target, len(cuts) + 1)
        increasing = (
            np.corrcoef(values, target)[0, 1] >= 0 if values.std() > 0 else True
        )
        cuts = _monotone_cuts(cuts, bads, goods, bool(increasing), smoothing)
    bins = len(cuts) + 1
    bads, goods = _counts(bin_index(values, cuts), target, bins)
    bad_share = (bads + smoothing) / (bads.sum() + smoothing * bins)
    good_share = (goods + smoothing) / (goods.sum() + smoothing * bins)
    woe = np.log(good_share / bad_share)
    iv_parts = (good_share - bad_share) * woe
    table = pd.DataFrame(
        {
            "feature": feature,
            "bin": np.arange(bins),
            "lower": np.concatenate([[-np.inf], cuts]),
            "upper": np.concatenate([cuts, [np.inf]]),
            "bads": bads,
            "goods": goods,
            "bad_rate": bads / np.maximum(bads + goods, 1),
            "woe": woe,
            "iv": iv_parts,
        }
    )
    return Binning(feature, cuts, woe, float(iv_parts.sum()), table)


def woe_matrix(frame: pd.DataFrame, binnings: list[Binning]) -> np.ndarray:
    return np.column_stack(
        [b.woe[bin_index(frame[b.feature].to_numpy(float), b.cuts)] for b in binnings]
    )


@dataclass(frozen=True)
class Scorecard:
    binnings: list[Binning]
    coefficients: np.ndarray
    intercept: float
    factor: float
    offset: float

    def log_odds_bad(self, frame: pd.DataFrame) -> np.ndarray:
        return woe_matrix(frame, self.binnings) @ self.coefficients + self.intercept

    def score(self, frame: pd.DataFrame) -> np.ndarray:
        """Points: offset - factor * log-odds of bad (higher = safer)."""
        return self.offset - self.factor * self.log_odds_bad(frame)

    def points_table(self) -> pd.DataFrame:
        """Points per (feature, bin); a customer's score is the sum of their bins'
        points (the intercept and offset spread evenly over the features)."""
        n = len(self.binnings)
        rows = []
        for coefficient, binning in zip(self.coefficients, self.binnings, strict=True):
            table = binning.table[["feature", "bin", "lower", "upper", "woe"]].copy()
            table["points"] = self.offset / n - self.factor * (
                coefficient * table["woe"] + self.intercept / n
            )
            rows.append(table)
        return pd.concat(rows, ignore_index=True)


def fit_scorecard(
    frame: pd.DataFrame,
    features: list[str],
    target: str,
    max_bins: int = 10,
    base_score: float = 600.0,
    base_odds: float = 50.0,
    points_to_double_odds: float = 20.0,
    monotone: dict[str, bool] | None = None,
) -> Scorecard:
    """WoE binning per feature, logistic regression on the WoE values, and the
    points scale: `base_score` at good:bad odds `base_odds`, +`points_to_double_odds`
    each time the odds double. `monotone` says per feature whether its bins are
    merged to a monotone bad rate (default: every feature)."""
    label = frame[target].astype(int).to_numpy()
    monotone = monotone or {}
    binnings = [
        fit_binning(f, frame[f].to_numpy(float), label, max_bins, monotone.get(f, True))
        for f in features
    ]
    coefficients, intercept = fit_sign_checked(woe_matrix(frame, binnings), label)
    factor = points_to_double_odds / math.log(2)
    offset = base_score - factor * math.log(base_odds)
    return Scorecard(binnings, coefficients, intercept, factor, offset)


def fit_sign_checked(woe: np.ndarray, label: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression of bad on the WoE columns, dropping features whose
    coefficient comes out positive (more bads where the WoE says safer: a sign
    flipped by correlated features), worst first, and refitting; dropped
    features keep coefficient 0 (they score the same points in every bin)."""
    kept = np.ones(woe.shape[1], dtype=bool)
    coefficients = np.zeros(woe.shape[1])
    while kept.any():
        model = LogisticRegression(max_iter=1000).fit(woe[:, kept], label)
        fitted = model.coef_[0]
        if (fitted <= 0).all():
            coefficients[kept] = fitted
            return coefficients, float(model.intercept_[0])
        kept[np.flatnonzero(kept)[np.argmax(fitted)]] = False
    return coefficients, float(np.log(label.mean() / (1 - label.mean())))


def ks_statistic(score: np.ndarray, target: np.ndarray) -> float:
    """Kolmogorov-Smirnov: the largest gap between the score distributions of
    bads and goods."""
    score = np.asarray(score, dtype="float64")
    target = np.asarray(target).astype(bool)
    grid = np.unique(score)
    bad_cdf = np.searchsorted(np.sort(score[target]), grid, side="right") / target.sum()
    good_cdf = (
        np.searchsorted(np.sort(score[~target]), grid, side="right") / (~target).sum()
    )
    return float(np.max(np.abs(bad_cdf - good_cdf)))


def population_stability_index(
    expected: np.ndarray, actual: np.ndarray, bins: int = 10, floor: float = 1e-4
) -> float:
    """PSI = sum (a - e) ln(a / e) over quantile bins of the expected population."""
    cuts = quantile_cuts(np.asarray(expected, dtype="float64"), bins)
    e = np.bincount(bin_index(expected, cuts), minlength=len(cuts) + 1) / len(expected)
    a = np.bincount(bin_index(actual, cuts), minlength=len(cuts) + 1) / len(actual)
    e, a = np.maximum(e, floor), np.maximum(a, floor)
    return float(np.sum((a - e) * np.log(a / e)))


def evaluation(
    scorecard: Scorecard, train: pd.DataFrame, test: pd.DataFrame, target: str
) -> dict[str, float]:
    """AUC and KS on the test rows (higher score = safer), PSI of the score
    between training and test populations."""
    train_score, test_score = scorecard.score(train), scorecard.score(test)
    label = test[target].astype(int).to_numpy()
    return {
        "auc": float(roc_auc_score(label, -test_score)),
        "ks": ks_statistic(test_score, label),
        "psi": population_stability_index(train_score, test_score),
    }


class ScorecardDataError(ValueError):
    """The labelled snapshot cannot support a scorecard fit."""


def check_labelled(frame: pd.DataFrame, target: str, what: str, minimum: int = 10):
    """Refuse a fit or an evaluation on too few bads or goods, naming the fix."""
    classes = frame[target].astype(bool).value_counts()
    if len(classes) < 2 or classes.min() < minimum:
        raise ScorecardDataError(
            f"credit scorecard: the {what} snapshot of int_credit_features_snapshotted "
            f"has {len(frame)} customers ({dict(classes)}); it needs at least "
            f"{minimum} bads and {minimum} goods. Generate more customers, or lower "
            "var scorecard_bad_days_past_due"
        )


PARAMETER_COLUMNS = [
    "feature_name",
    "bin_index",
    "lower_edge",
    "upper_edge",
    "bads",
    "goods",
    "bad_rate",
    "woe",
    "information_value",
    "is_monotone_required",
    "coefficient",
    "points",
    "intercept",
    "scaling_factor",
    "scaling_offset",
    "training_rows",
]


def parameter_rows(
    card: Scorecard, monotone: dict[str, bool], training_rows: int
) -> pd.DataFrame:
    """One row per (feature, bin): edges (null = unbounded), counts, WoE, the
    bin's IV contribution, the feature's coefficient and the bin's points,
    with the intercept and points scaling repeated on every row. A customer's
    score is the sum of the points of their bins (lower < value <= upper)."""
    table = card.points_table()
    bins = pd.concat([b.table for b in card.binnings], ignore_index=True)
    coefficient = dict(
        zip([b.feature for b in card.binnings], card.coefficients, strict=True)
    )
    frame = pd.DataFrame(
        {
            "feature_name": table["feature"].astype(str),
            "bin_index": table["bin"].astype("int64"),
            "lower_edge": table["lower"].where(np.isfinite(table["lower"])),
            "upper_edge": table["upper"].where(np.isfinite(table["upper"])),
            "bads": bins["bads"].astype("int64"),
            "goods": bins["goods"].astype("int64"),
            "bad_rate": bins["bad_rate"].astype(float),
            "woe": table["woe"].astype(float),
            "information_value": bins["iv"].astype(float),
            "is_monotone_required": [
                bool(monotone.get(f, True)) for f in table["feature"]
            ],
            "coefficient": [float(coefficient[f]) for f in table["feature"]],
            "points": table["points"].astype(float),
            "intercept": card.intercept,
            "scaling_factor": card.factor,
            "scaling_offset": card.offset,
            "training_rows": int(training_rows),
        }
    )
    return frame[PARAMETER_COLUMNS].astype(
        {"lower_edge": "float64", "upper_edge": "float64"}
    )


def empty_parameter_rows() -> pd.DataFrame:
    """The parameter table's columns and types with no rows (no fit)."""
    types = dict.fromkeys(PARAMETER_COLUMNS, "float64") | {
        "feature_name": "str",
        "bin_index": "int64",
        "bads": "int64",
        "goods": "int64",
        "is_monotone_required": "bool",
        "training_rows": "int64",
    }
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})


def holdout_metrics(
    card: Scorecard,
    training: pd.DataFrame,
    holdout: pd.DataFrame,
    scoring: pd.DataFrame,
    target: str,
) -> list[tuple[str, str, str, float, int]]:
    """Model-metrics rows: AUC, Gini and KS on the later holdout, PSI of the score
    between the training population and the holdout and scoring populations,
    IV per feature, bad rates, coefficients."""
    check_labelled(holdout, target, "holdout", minimum=5)
    holdout_score = card.score(holdout)
    label = holdout[target].astype(int).to_numpy()
    auc = float(roc_auc_score(label, -holdout_score))
    train_score = card.score(training)
    rows: list[tuple[str, str, str, float, int]] = [
        ("data", "bad_rate", "training", training[target].mean(), len(training)),
        ("data", "bad_rate", "holdout", holdout[target].mean(), len(holdout)),
        ("evaluation", "auc", "all", auc, len(holdout)),
        ("evaluation", "gini", "all", 2 * auc - 1, len(holdout)),
        ("evaluation", "ks", "all", ks_statistic(holdout_score, label), len(holdout)),
        (
            "evaluation",
            "psi",
            "training_vs_holdout",
            population_stability_index(train_score, holdout_score),
            len(holdout),
        ),
        (
            "evaluation",
            "psi",
            "training_vs_scoring",
            population_stability_index(train_score, card.score(scoring)),
            len(scoring),
        ),
    ]
    for binning, coefficient in zip(card.binnings, card.coefficients, strict=True):
        rows.append(
            ("fit", "information_value", binning.feature, binning.iv, len(training))
        )
        rows.append(("fit", "bins", binning.feature, len(binning.woe), len(training)))
        rows.append(("fit", "coefficient", binning.feature, coefficient, len(training)))
    rows.append(("fit", "intercept", "all", card.intercept, len(training)))
    return rows
