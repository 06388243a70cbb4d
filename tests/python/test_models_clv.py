"""CLV: the BG/NBD fit reproduces the published CDNOW estimates, the SQL
formula (Euler-transformed, truncated 2F1 series) equals lifetimes' own
predictions, and dim_customer_clv scores the warehouse the same way."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import REPO
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import (
    load_cdnow_summary,
    load_cdnow_summary_data_with_monetary_value,
)

from huaxiang.models import clv

# Fader, Hardie and Lee (2005), "Counting your customers the easy way", CDNOW
# 1/10 sample, weekly units.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader and Hardie (2013), "The Gamma-Gamma model of monetary value", CDNOW.
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}


@pytest.fixture(scope="module")
def cdnow() -> clv.PurchaseSummary:
    data = load_cdnow_summary(index_col=[0])
    return clv.PurchaseSummary(
        frequency=data["frequency"].to_numpy(float),
        recency=data["recency"].to_numpy(float),
        age=data["T"].to_numpy(float),
    )


@pytest.fixture(scope="module")
def cdnow_params(cdnow: clv.PurchaseSummary) -> dict[str, float]:
    return clv.fit_bgnbd(cdnow)


def reference_fitter(params: dict[str, float]) -> BetaGeoFitter:
    fitter = BetaGeoFitter()
    fitter.params_ = pd.Series(params)[list(clv.BGNBD_PARAMETERS)]
    return fitter


def test_bgnbd_fit_reproduces_published_cdnow_estimates(cdnow_params):
    for name, published in PUBLISHED_BGNBD.items():
        assert cdnow_params[name] == pytest.approx(published, rel=0.01), name


def test_gamma_gamma_fit_reproduces_published_cdnow_estimates():
    data = load_cdnow_summary_data_with_monetary_value()
    fitted = clv.fit_gamma_gamma(
        data["frequency"].to_numpy(float), data["monetary_value"].to_numpy(float)
    )
    for name, published in PUBLISHED_GAMMA_GAMMA.items():
        assert fitted[name] == pytest.approx(published, rel=0.01), name


@pytest.mark.parametrize("horizon", [1.0, 39.0, 52.0, 200.0])
def test_series_formula_equals_lifetimes_on_cdnow(cdnow, cdnow_params, horizon):
    expected = reference_fitter(
        cdnow_params
    ).conditional_expected_number_of_purchases_up_to_time(
        horizon, cdnow.frequency, cdnow.recency, cdnow.age
    )
    actual = clv.expected_purchases_series(cdnow_params, cdnow, horizon, terms=200)
    np.testing.assert_allclose(actual, expected, rtol=1e-9)


def test_series_converges_for_new_and_very_frequent_customers(cdnow_params):
    # T near 0 puts z near 1 (slowest convergence); x = 150 breaks the
    # untransformed series.
    summary = clv.PurchaseSummary(
        frequency=np.array([0.0, 0.0, 1.0, 150.0]),
        recency=np.array([0.0, 0.0, 0.1, 100.0]),
        age=np.array([0.0, 0.1, 0.2, 101.0]),
    )
    expected = reference_fitter(
        cdnow_params
    ).conditional_expected_number_of_purchases_up_to_time(
        52.0, summary.frequency, summary.recency, summary.age
    )
    actual = clv.expected_purchases_series(cdnow_params, summary, 52.0, terms=200)
    np.testing.assert_allclose(actual, expected, rtol=1e-6)


def test_too_few_terms_is_visibly_wrong(cdnow, cdnow_params):
    # The truncation matters: the test above would catch a broken series.
    expected = reference_fitter(
        cdnow_params
    ).conditional_expected_number_of_purchases_up_to_time(
        200.0, cdnow.frequency, cdnow.recency, cdnow.age
    )
    actual = clv.expected_purchases_series(cdnow_params, cdnow, 200.0, terms=5)
    assert np.max(np.abs(actual - expected) / expected) > 1e-4


def test_probability_alive_equals_lifetimes(cdnow, cdnow_params):
    expected = reference_fitter(cdnow_params).conditional_probability_alive(
        cdnow.frequency, cdnow.recency, cdnow.age
    )
    np.testing.assert_allclose(
        clv.probability_alive(cdnow_params, cdnow), expected, rtol=1e-12
    )


def test_fit_refuses_history_without_repeat_purchases():
    summary = clv.PurchaseSummary(np.zeros(50), np.zeros(50), np.full(50, 10.0))
    with pytest.raises(ValueError, match="repeat purchases"):
        clv.fit_bgnbd(summary)


def test_sql_scores_equal_lifetimes_predictions(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        scored = connection.execute(
            "select summaries.*, clv.probability_alive, clv.expected_purchases, "
            "clv.expected_spend_cny, clv.clv_cny, clv.horizon_days "
            "from intermediate.int_customer_purchases_summarized as summaries "
            "inner join marts.dim_customer_clv as clv using (customer_id) "
            "order by customer_id"
        ).df()
        customers = connection.execute(
            "select count(*) from intermediate.int_customer_purchases_summarized"
        ).fetchone()[0]
        parameters = connection.execute(
            "select parameter_name, parameter_value, period_days "
            "from intermediate.int_clv_parameters_fitted"
        ).df()
    assert len(scored) == customers > 100
    values = parameters.set_index("parameter_name")["parameter_value"].to_dict()
    period = float(parameters["period_days"].iloc[0])
    frequency = scored["repeat_purchases"].to_numpy(float)
    recency = scored["first_to_last_purchase_days"].to_numpy(float) / period
    age = scored["customer_age_days"].to_numpy(float) / period
    horizon = float(scored["horizon_days"].iloc[0]) / period
    bgnbd = reference_fitter({name: values[name] for name in clv.BGNBD_PARAMETERS})
    np.testing.assert_allclose(
        scored["expected_purchases"],
        bgnbd.conditional_expected_number_of_purchases_up_to_time(
            horizon, frequency, recency, age
        ),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        scored["probability_alive"],
        bgnbd.conditional_probability_alive(frequency, recency, age),
        rtol=1e-9,
    )
    spend = GammaGammaFitter()
    spend.params_ = pd.Series({name: values[name] for name in ("p", "q", "v")})
    monetary = scored["avg_repeat_value_cny"].astype(float).fillna(0).to_numpy()
    usable = (frequency > 0) & (monetary > 0)
    expected_spend = spend.conditional_expected_average_profit(
        np.where(usable, frequency, 0), np.where(usable, monetary, 0)
    )
    np.testing.assert_allclose(
        scored["expected_spend_cny"].astype(float), expected_spend, atol=0.005
    )


def load_python_model(name: str):
    path = REPO / "python_models" / "intermediate" / "segments" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tiny_history_gives_an_empty_typed_parameter_table():
    # A bring-your-own-data folder with a handful of customers must still
    # build: no parameters, so dim_customer_clv is empty and the card says
    # "not fitted".
    fit = load_python_model("int_clv_parameters_fitted")
    summaries = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "repeat_purchases": [0, 1, 2],
            "first_to_last_purchase_days": [0, 10, 30],
            "customer_age_days": [40, 50, 60],
            "avg_repeat_value_cny": [None, 20.0, 30.0],
        }
    )
    parameters = fit.fit_parameters(summaries, 7.0, 1000, 42, 0.0)
    assert parameters.empty
    assert dict(parameters.dtypes.astype(str)) == {
        "submodel": "str",
        "parameter_name": "str",
        "parameter_value": "float64",
        "training_rows": "int64",
        "period_days": "float64",
    }


def test_degenerate_dropout_fit_is_refused():
    # Yearly renewals that never stop (a subscription business): nobody drops
    # out, b runs off to ~1e6 and the SQL series would overflow to NaN.
    rng = np.random.default_rng(0)
    age = rng.uniform(60, 150, 400)
    frequency = np.floor(age / 52)
    recency = np.minimum(frequency * 52 + rng.uniform(0, 2, 400), age)
    summary = clv.PurchaseSummary(frequency=frequency, recency=recency, age=age)
    with pytest.raises(ValueError, match="degenerate"):
        clv.fit_bgnbd(summary)
