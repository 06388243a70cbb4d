"""Credit scorecard building blocks on synthetic credit data with a known
risk structure (the finance sample does not exist in this branch)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp

from huaxiang.models import scorecard


def credit_sample(n: int, seed: int, shift: float = 0.0) -> pd.DataFrame:
    """Default risk rises with utilisation, falls with income; age is noise;
    `tenure` has a U-shaped (non-monotone) risk."""
    rng = np.random.default_rng(seed)
    utilisation = rng.beta(2, 3, n) + shift
    income = rng.lognormal(9, 0.5, n)
    age = rng.integers(20, 70, n).astype(float)
    tenure = rng.uniform(0, 10, n)
    log_odds = -2.0 + 4.0 * utilisation - 0.8 * (np.log(income) - 9) / 0.5
    log_odds += 0.15 * (tenure - 5) ** 2 - 1.0
    bad = rng.random(n) < 1 / (1 + np.exp(-log_odds))
    return pd.DataFrame(
        {"utilisation": utilisation, "income": income, "age": age,
         "tenure": tenure, "is_bad": bad}
    )  # fmt: skip


def is_monotone(values: np.ndarray) -> bool:
    steps = np.diff(values)
    return bool((steps >= 0).all() or (steps <= 0).all())


def test_monotone_binning_gives_monotone_woe_where_plain_bins_do_not():
    data = credit_sample(20_000, 1)
    plain = scorecard.fit_binning(
        "tenure", data["tenure"], data["is_bad"], 10, monotone=False
    )
    merged = scorecard.fit_binning(
        "tenure", data["tenure"], data["is_bad"], 10, monotone=True
    )
    assert not is_monotone(plain.woe)  # U-shaped risk
    assert is_monotone(merged.woe) and len(merged.woe) < len(plain.woe)
    risky = scorecard.fit_binning("utilisation", data["utilisation"], data["is_bad"])
    assert len(risky.woe) >= 3
    assert (np.diff(risky.woe) < 0).all()  # more utilisation, more bads, lower WoE


def test_information_value_ranks_informative_features_above_noise():
    data = credit_sample(20_000, 2)
    iv = {
        feature: scorecard.fit_binning(feature, data[feature], data["is_bad"]).iv
        for feature in ("utilisation", "income", "age")
    }
    assert iv["utilisation"] > 0.3 and iv["income"] > 0.1
    assert iv["age"] < 0.02


def test_points_table_adds_up_to_the_score_and_pdo_holds():
    train = credit_sample(10_000, 3)
    card = scorecard.fit_scorecard(train, ["utilisation", "income"], "is_bad")
    points = card.points_table()
    test = credit_sample(300, 4)
    total = np.zeros(len(test))
    for binning in card.binnings:
        index = scorecard.bin_index(test[binning.feature].to_numpy(float), binning.cuts)
        feature_points = points[points["feature"] == binning.feature]
        total += feature_points["points"].to_numpy()[index]
    np.testing.assert_allclose(total, card.score(test), atol=1e-9)
    # Doubling the good:bad odds adds points_to_double_odds (20) points.
    assert card.factor * math.log(2) == pytest.approx(20.0)
    assert card.offset + card.factor * math.log(50) == pytest.approx(600.0)


def test_ks_equals_scipy_and_psi_detects_a_population_shift():
    rng = np.random.default_rng(5)
    score = rng.normal(size=2000)
    label = rng.random(2000) < 1 / (1 + np.exp(2 * score))
    assert scorecard.ks_statistic(score, label) == pytest.approx(
        ks_2samp(score[label], score[~label]).statistic
    )
    same = scorecard.population_stability_index(score, rng.normal(size=2000))
    shifted = scorecard.population_stability_index(score, rng.normal(1.0, 1, 2000))
    assert same < 0.05 < 0.25 < shifted


def test_scorecard_evaluation_on_a_later_population():
    train, test = credit_sample(10_000, 6), credit_sample(5_000, 7, shift=0.2)
    card = scorecard.fit_scorecard(
        train, ["utilisation", "income", "age", "tenure"], "is_bad"
    )
    metrics = scorecard.evaluation(card, train, test, "is_bad")
    assert metrics["auc"] > 0.7 and 0.3 < metrics["ks"] < 1
    assert metrics["psi"] > 0.05  # the shifted utilisation moves the scores
    same = scorecard.evaluation(card, train, credit_sample(5_000, 8), "is_bad")
    assert same["psi"] < metrics["psi"]


def test_missing_values_are_refused_with_the_feature_named():
    with pytest.raises(ValueError, match="income"):
        scorecard.fit_binning("income", np.array([1.0, np.nan]), np.array([0, 1]))
