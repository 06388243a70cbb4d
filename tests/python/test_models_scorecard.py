"""Credit scorecard: building blocks on synthetic credit data with a known
risk structure, then the dbt wiring on a generated finance warehouse (SQL
scores equal the Python scorecard's, monotone WoE, metrics, grades)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO, run_dbt
from scipy.stats import ks_2samp, spearmanr
from sklearn.linear_model import LogisticRegression

from huaxiang.evaluate import PREDICTIONS_SQL
from huaxiang.evaluate_tags import CUSTOMER_PERSONS_SQL
from huaxiang.generator import INDUSTRIES
from huaxiang.generator.output import write_dataset
from huaxiang.models import credit, scorecard


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


def test_monotone_bins_give_monotone_smoothed_woe_on_small_counts():
    """Raw bad rates 0.095 < 0.098 < 0.105 < 0.114 are monotone, but with 0.5
    added to each count the last two bins' WoE would turn back (the finance
    sample at 500 persons did this); the merge works on the smoothed rate."""
    counts = [(4, 38), (4, 37), (2, 17), (5, 39)]  # (bads, goods) per value 0..3
    values = np.concatenate([np.full(b + g, v) for v, (b, g) in enumerate(counts)])
    target = np.concatenate([[1] * b + [0] * g for b, g in counts])
    binning = scorecard.fit_binning("purchases", values, target, 10, monotone=True)
    assert is_monotone(binning.woe) and len(binning.woe) >= 2


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


def test_wrong_sign_features_are_dropped_and_refitted():
    """WoE columns where the second one, given the first, has a positive
    coefficient on the log-odds of bad (safer WoE, more bads: a suppressor):
    it is dropped to 0 and the rest refitted."""
    rng = np.random.default_rng(9)
    z = rng.normal(size=20_000)
    suppressor = z + rng.normal(0, 0.5, z.size)
    log_odds_bad = -2.0 * z + 1.0 * suppressor - 2.0
    label = (rng.random(z.size) < 1 / (1 + np.exp(-log_odds_bad))).astype(int)
    woe = np.column_stack([z, suppressor])
    coefficients, intercept = scorecard.fit_sign_checked(woe, label)
    assert coefficients[1] == 0 and coefficients[0] < 0
    free = LogisticRegression(max_iter=1000).fit(woe, label)
    assert free.coef_[0][1] > 0  # what the check prevents
    alone = LogisticRegression(max_iter=1000).fit(woe[:, :1], label)
    assert coefficients[0] == pytest.approx(alone.coef_[0][0])
    assert intercept == pytest.approx(alone.intercept_[0])


def test_parameter_rows_carry_the_points_and_open_edges():
    data = credit_sample(10_000, 11)
    card = scorecard.fit_scorecard(data, ["utilisation", "tenure"], "is_bad")
    rows = scorecard.parameter_rows(card, {"tenure": False}, len(data))
    first = rows["bin_index"] == 0
    last = rows["bin_index"] == rows.groupby("feature_name")["bin_index"].transform(
        "max"
    )
    assert rows.loc[first, "lower_edge"].isna().all()
    assert rows.loc[last, "upper_edge"].isna().all()
    assert rows.loc[~first, "lower_edge"].notna().all()
    assert (
        rows.loc[rows["feature_name"] == "tenure", "is_monotone_required"]
        .eq(False)
        .all()
    )
    assert rows["bads"].sum() == 2 * data["is_bad"].sum()
    np.testing.assert_allclose(
        rows["points"], card.points_table()["points"], atol=1e-12
    )


def test_settings_refuse_a_feature_without_a_monotone_flag():
    text = json.dumps(
        {"features": {"max_days_past_due": {"monotone": "yes"}}, "max_bins": 6,
         "sample_size": 10, "seed": 1, "base_score": 600, "base_odds": 50,
         "points_to_double_odds": 20}
    )  # fmt: skip
    with pytest.raises(ValueError, match="scorecard_features.max_days_past_due"):
        credit.Settings.from_json(text)


def test_too_few_bads_are_refused_with_the_fix():
    data = credit_sample(200, 12)
    data["is_bad"] = False
    data.loc[:3, "is_bad"] = True
    with pytest.raises(scorecard.ScorecardDataError, match="scorecard_bad_days"):
        scorecard.check_labelled(data, "is_bad", "training")


# --- the dbt wiring, on a generated finance warehouse ---------------------------------
FINANCE_PERSONS = 2000
FINANCE_SEED = 5


@pytest.fixture(scope="module")
def finance(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A finance warehouse built from generated data: (DuckDB file, truth folder)."""
    root = tmp_path_factory.mktemp("finance_scorecard")
    write_dataset(
        INDUSTRIES["finance"](FINANCE_PERSONS, FINANCE_SEED),
        root,
        "finance",
        "csv",
        log=lambda _: None,
    )
    db_path = root / "finance.duckdb"
    # The scorecard's models and what they read, with the tests whose every
    # parent is built (the monotone-WoE test, contracts and keys among them).
    selection = "+dim_customer_credit_score+ +fct_model_metrics +dim_customers"
    run_dbt(
        ["build", "-s", *selection.split(), "--indirect-selection", "cautious"],
        {
            "HUAXIANG_INDUSTRY": "finance",
            "HUAXIANG_RAW_DIR": str(root / "raw" / "finance"),
            "HUAXIANG_RAW_FORMAT": "csv",
            "HUAXIANG_DUCKDB_PATH": str(db_path),
            "HUAXIANG_AS_OF_DATE": "2026-06-30",
        },
    )
    return db_path, root / "truth" / "finance"


def project_vars() -> dict:
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"]


def settings_from_project() -> credit.Settings:
    v = project_vars()
    return credit.Settings.from_json(
        json.dumps(
            {
                "features": v["scorecard_features"],
                "max_bins": v["scorecard_max_bins"],
                "sample_size": v["scorecard_sample_size"],
                "seed": v["scorecard_seed"],
                "base_score": v["scorecard_base_score"],
                "base_odds": v["scorecard_base_odds"],
                "points_to_double_odds": v["scorecard_points_to_double_odds"],
            }
        )
    )


def read(db_path: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql).df()


def test_sql_credit_scores_equal_the_python_scorecard(finance):
    db_path, _ = finance
    settings = settings_from_project()
    snapshots = read(
        db_path, "select * from intermediate.int_credit_features_snapshotted"
    )
    card = credit.fit(credit.training_rows(snapshots, settings), settings)
    scoring = (
        snapshots[snapshots["snapshot_name"] == "scoring"]
        .sort_values("customer_id")
        .reset_index(drop=True)
    )
    scored = read(
        db_path,
        "select * from restricted.dim_customer_credit_score order by customer_id",
    )
    assert len(scored) == len(scoring) > 300
    assert scored["customer_id"].tolist() == scoring["customer_id"].tolist()
    np.testing.assert_allclose(scored["credit_score"], card.score(scoring), atol=1e-9)
    points = card.points_table()
    for binning in card.binnings:
        index = scorecard.bin_index(
            scoring[binning.feature].to_numpy(float), binning.cuts
        )
        expected = points.loc[points["feature"] == binning.feature, "points"]
        np.testing.assert_allclose(
            scored[f"points_{binning.feature}"],
            expected.to_numpy()[index],
            atol=1e-9,
        )


def test_monotone_woe_where_configured(finance):
    db_path, _ = finance
    parameters = read(
        db_path,
        "select feature_name, bin_index, woe, is_monotone_required "
        "from intermediate.int_credit_scorecard_fitted "
        "order by feature_name, bin_index",
    )
    required = {
        name for name, options in project_vars()["scorecard_features"].items()
        if options["monotone"]
    }  # fmt: skip
    flagged = set(parameters.loc[parameters["is_monotone_required"], "feature_name"])
    assert flagged == required
    for feature in required:
        assert is_monotone(
            parameters.loc[parameters["feature_name"] == feature, "woe"].to_numpy()
        ), feature


def test_grades_follow_the_edges_and_order_risk(finance):
    db_path, truth = finance
    edges = project_vars()["scorecard_grade_edges"]
    scored = read(
        db_path,
        "select s.customer_id, s.credit_score, s.grade_index, s.grade_code "
        "from restricted.dim_customer_credit_score as s",
    )
    expected = np.searchsorted(edges, scored["credit_score"], side="right")
    assert scored["grade_index"].tolist() == expected.tolist()
    assert scored["grade_code"].notna().all() and scored["grade_index"].nunique() >= 3
    # The score ranks the generator's latent delinquency propensity (truth,
    # read by this test only): safer scores, lower propensity.
    with duckdb.connect(str(db_path), read_only=True) as connection:
        connection.execute(PREDICTIONS_SQL)
        connection.execute(CUSTOMER_PERSONS_SQL, [str(truth / "record_truth.csv")])
        person_of = connection.execute("select * from customer_persons").df()
    latent = pd.read_csv(truth / "person_latent.csv")
    joined = scored.merge(person_of, on="customer_id").merge(
        latent[["person_id", "delinquency_propensity"]], on="person_id"
    )
    assert len(joined) > 0.9 * len(scored)
    rho = spearmanr(joined["credit_score"], joined["delinquency_propensity"])[0]
    assert rho < -0.3


def test_metrics_report_ks_auc_psi_and_iv(finance):
    db_path, _ = finance
    metrics = read(
        db_path,
        "select metric_group, metric_name, metric_detail, metric_value "
        "from marts.fct_model_metrics where model_name = 'credit_scorecard'",
    )
    value = {
        (row.metric_name, row.metric_detail): row.metric_value
        for row in metrics.itertuples()
    }
    assert value[("is_fitted", "all")] == 1
    assert 0.6 < value[("auc", "all")] <= 1
    assert 0 < value[("ks", "all")] <= 1
    assert value[("gini", "all")] == pytest.approx(2 * value[("auc", "all")] - 1)
    assert 0 <= value[("psi", "training_vs_scoring")] < 0.25
    features = project_vars()["scorecard_features"]
    assert {d for n, d in value if n == "information_value"} == set(features)
    assert value[("information_value", "max_days_past_due")] > 0.1
    assert value[("training_rows", "final_fit")] > 100
