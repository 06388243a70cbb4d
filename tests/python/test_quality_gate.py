"""Great Expectations suites (seeds/quality_expectations.csv) and the publish gate.

The suites run in the dbt Python model fct_quality_expectations_evaluated; its
pure functions are tested here on small frames, the built warehouse must hold
one result per seed row, and `python -m huaxiang.quality` (make quality) must
stop with the failing critical expectation named.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import REPO

from huaxiang.quality import RESULT_COLUMNS, gate_message

MODEL_FILE = REPO / "python_models/marts/quality/fct_quality_expectations_evaluated.py"
SEED = REPO / "seeds" / "quality_expectations.csv"


@pytest.fixture(scope="module")
def gx_model():
    spec = importlib.util.spec_from_file_location("gx_model", MODEL_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return pd.read_csv(SEED, dtype=str, keep_default_na=False)


def tables(gx_model) -> set[str]:
    return {*gx_model.STAGED, *gx_model.MARTS, *gx_model.DERIVED}


def test_seed_rules_load_and_name_real_expectations(gx_model, seed):
    rules = gx_model.load_rules(seed, tables(gx_model))
    assert len(rules) == len(seed) >= 15
    assert {r.table_name for r in rules} == tables(gx_model)
    assert any(r.is_critical for r in rules) and not all(r.is_critical for r in rules)
    for rule in rules:
        gx_model.expectation_class(rule.expectation_type)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"table_name": "no_such_table"}, "is not validated"),
        ({"kwargs_json": "{not json"}, "kwargs_json is not JSON"),
        ({"expectation_type": "expect_magic"}, "unknown expectation type"),
    ],
)
def test_bad_seed_rows_are_named(gx_model, seed, change, message):
    broken = seed.copy()
    for column, value in change.items():
        broken.loc[0, column] = value
    with pytest.raises(gx_model.QualityConfigError, match=message) as error:
        gx_model.load_rules(broken, tables(gx_model))
    assert f"row '{seed.loc[0, 'expectation_id']}'" in str(error.value)


def small_rules(gx_model):
    frame = pd.DataFrame(
        [
            {
                "expectation_id": "ids_unique",
                "table_name": "dim_customers",
                "expectation_type": "expect_column_values_to_be_unique",
                "column_name": "customer_id",
                "kwargs_json": "{}",
                "is_critical": "true",
                "description_zh": "客户编号唯一",
                "description_en": "Customer ids are unique",
            },
            {
                "expectation_id": "age_range",
                "table_name": "dim_customers",
                "expectation_type": "expect_column_values_to_be_between",
                "column_name": "age_years",
                "kwargs_json": '{"min_value": 0, "max_value": 120}',
                "is_critical": "false",
                "description_zh": "年龄合理",
                "description_en": "Ages are plausible",
            },
            {
                "expectation_id": "counts_match",
                "table_name": "order_reconciliation",
                "expectation_type": "expect_column_pair_values_to_be_equal",
                "column_name": "",
                "kwargs_json": json.dumps(
                    {"column_A": "staged_orders", "column_B": "mart_orders"}
                ),
                "is_critical": "true",
                "description_zh": "行数一致",
                "description_en": "Counts reconcile",
            },
        ]
    )
    return gx_model.load_rules(frame, tables(gx_model))


def test_checkpoint_results_and_gate(gx_model):
    rules = small_rules(gx_model)
    good = {
        "dim_customers": pd.DataFrame(
            {"customer_id": ["a", "b"], "age_years": [30, 200]}
        ),
        "order_reconciliation": pd.DataFrame(
            {"staged_orders": [5], "mart_orders": [5]}
        ),
    }
    results = gx_model.validate_tables(good, rules)
    assert list(results.columns) == RESULT_COLUMNS
    outcome = dict(zip(results["expectation_id"], results["is_success"], strict=True))
    assert outcome == {"age_range": False, "counts_match": True, "ids_unique": True}
    # Only a non-critical expectation failed: publishing goes on.
    assert gate_message(results) is None

    bad = {
        "dim_customers": pd.DataFrame({"customer_id": ["a", "a"], "age_years": [1, 2]}),
        "order_reconciliation": pd.DataFrame(
            {"staged_orders": [5], "mart_orders": [4]}
        ),
    }
    message = gate_message(gx_model.validate_tables(bad, rules))
    assert message is not None and "not published" in message
    assert "ids_unique (dim_customers.customer_id" in message
    assert "2 of 2 rows unexpected" in message
    assert "counts_match (order_reconciliation" in message


def test_build_holds_one_result_per_seed_row(warehouse_path: Path, seed):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        results = connection.execute(
            "select expectation_id, outcome from reports.rpt_quality_expectations"
        ).fetchall()
    assert sorted(r[0] for r in results) == sorted(seed["expectation_id"])
    failed = [r[0] for r in results if r[1] == "fail"]
    assert not failed, f"critical expectations fail on the built data: {failed}"


def write_results(db_path: Path, is_success: bool) -> None:
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema reports")
        connection.execute(
            "create table reports.rpt_quality_expectations as select "
            "'orders_reconcile' as expectation_id, 'order_reconciliation' as "
            "table_name, 'expect_column_pair_values_to_be_equal' as "
            "expectation_type, null::varchar as column_name, true as is_critical, "
            f"{str(is_success).lower()} as is_success, 1::bigint as element_count, "
            "1::bigint as unexpected_count, 100.0 as unexpected_percent, "
            "null::varchar as observed_value, '行数一致' as description_zh, "
            "'Counts reconcile' as description_en"
        )


@pytest.mark.parametrize("is_success", [True, False])
def test_make_quality_gate(tmp_path: Path, is_success: bool):
    db_path = tmp_path / "w.duckdb"
    write_results(db_path, is_success)
    result = subprocess.run(
        [sys.executable, "-m", "huaxiang.quality", "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    if is_success:
        assert result.returncode == 0, result.stderr
        assert "1 of 1 expectations passed" in result.stdout
    else:
        assert result.returncode == 1
        assert "orders_reconcile (order_reconciliation:" in result.stderr
        assert "not published" in result.stderr


def test_identity_frames(gx_model):
    records = pd.DataFrame(
        {
            "customer_id": ["c1", "c1", "c2", "a1"],
            "is_anonymous": [False, False, False, True],
        }
    )
    evidence = pd.DataFrame(
        {
            "exclusion_reason": [None, "placeholder_value", "placeholder_value"],
            "links_records": [True, False, True],
        }
    )
    frames = gx_model.identity_frames(records, evidence)
    assert sorted(frames["identity_clusters"]["records"]) == [1, 2]
    assert list(frames["refused_identifiers"]["links_records"]) == [False, True]


def test_identity_frames_from_duckdb_relations_match_the_pandas_path(gx_model):
    """The DuckDB path (filter and count in the database) gives the frames the
    generic pandas path gives, from the same rows."""
    records = pd.DataFrame(
        {
            "customer_id": ["c1", "c1", "c2", "a1", "c3", "c3", "c3"],
            "is_anonymous": [False, False, False, True, False, False, False],
        }
    )
    evidence = pd.DataFrame(
        {
            "exclusion_reason": [None, "placeholder_value", "shared_value", None],
            "links_records": [True, False, True, False],
        }
    )
    db = duckdb.connect()
    in_database = gx_model.identity_frames_from(
        db.from_df(records), db.from_df(evidence)
    )
    in_pandas = gx_model.identity_frames(records, evidence)
    assert hasattr(db.from_df(records), "aggregate")  # the DuckDB path ran
    for name in ("identity_clusters", "refused_identifiers"):
        got = in_database[name].sort_values(list(in_database[name].columns))
        want = in_pandas[name].sort_values(list(in_pandas[name].columns))
        assert list(got.columns) == list(want.columns)
        assert got.astype(str).values.tolist() == want.astype(str).values.tolist()
    assert sorted(in_database["identity_clusters"]["records"]) == [1, 2, 3]
