"""Unit tests of the engines test's own code (huaxiang.engines).

The engines themselves run in `make test-engines` (PostgreSQL server, Spark
JVM): too slow for pytest. Here: the row comparison that decides whether an
engine's marts equal DuckDB's, the CSV header reader and the parameter export.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from huaxiang.engines import REPO_ROOT, csv_tables, read_header
from huaxiang.engines.compare import differences, keyed_rows, normalise
from huaxiang.engines.params import (
    EVALUATION_TABLES,
    INDUSTRY_ONLY,
    PARAMETER_TABLES,
    export_parameters,
    source_columns,
)
from huaxiang.models.scorecard import PARAMETER_COLUMNS as SCORECARD_COLUMNS


def test_values_from_different_drivers_normalise_to_the_same_form() -> None:
    assert normalise(decimal.Decimal("15.50")) == normalise(15.5)
    assert normalise(dt.datetime(2026, 6, 30, 8, 0)) == "2026-06-30 08:00:00"
    assert normalise(dt.date(2026, 6, 30)) == "2026-06-30"
    assert normalise(float("nan")) is None
    assert normalise(True) is True


def test_equal_tables_have_no_differences() -> None:
    reference = keyed_rows(["id", "x"], [("a", 1.0), ("b", 2.5)], ("id",))
    engine = keyed_rows(["ID", "X"], [("b", decimal.Decimal("2.5")), ("a", 1)], ("id",))
    assert differences("t", reference, engine, "postgres") == []


def test_a_rounding_difference_in_money_is_reported() -> None:
    reference = keyed_rows(["id", "aov"], [("c1", decimal.Decimal("72.11"))], ("id",))
    engine = keyed_rows(["id", "aov"], [("c1", decimal.Decimal("72.12"))], ("id",))
    found = differences("marts.dim_customer_rfm", reference, engine, "postgres")
    assert len(found) == 1
    assert "aov" in found[0] and "72.11" in found[0] and "72.12" in found[0]


def test_missing_and_extra_rows_are_reported() -> None:
    reference = keyed_rows(["id"], [("a",), ("b",)], ("id",))
    engine = keyed_rows(["id"], [("b",), ("c",)], ("id",))
    found = differences("t", reference, engine, "spark")
    assert any("only on duckdb" in problem and "'a'" in problem for problem in found)
    assert any("only on spark" in problem and "'c'" in problem for problem in found)


def test_floating_point_noise_is_tolerated_but_real_differences_are_not() -> None:
    reference = keyed_rows(["id", "d"], [("a", 0.9067797917454034)], ("id",))
    close = keyed_rows(["id", "d"], [("a", 0.9067797917454035)], ("id",))
    far = keyed_rows(["id", "d"], [("a", 0.9067528977282069)], ("id",))
    assert differences("t", reference, close, "spark") == []
    assert differences("t", reference, far, "spark") != []


def test_headers_are_read_as_written_and_a_missing_header_names_the_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "crm_members.csv").write_text(
        "\ufeffmember_id,mobile\nM1,138\n", encoding="utf-8"
    )
    assert read_header(tmp_path / "crm_members.csv") == ("member_id", "mobile")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty.csv"):
        read_header(tmp_path / "empty.csv")


def test_a_folder_without_csv_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "crm_members.parquet").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="FORMAT=csv"):
        csv_tables(tmp_path)


def _fit_warehouse(db_path: Path, skip: frozenset[str] = frozenset()) -> None:
    """A DuckDB file with every relation the export reads (but `skip`)."""
    evaluation = (
        "select * from (values ('{model}', '2026-06-30', '2026-06-30', 'fit', "
        "'{metric}', 'all', 0.5, 100, null, null, 'lib 1.0')) as t(model_name, "
        "model_version, as_of_date, metric_group, metric_name, metric_detail, "
        "metric_value, sample_size, holdout_start_date, holdout_end_date, library)"
    )
    relations = {
        PARAMETER_TABLES["kmeans_parameters"]: (
            "select * from (values "
            "(2, 'recency_days', 'log1p', 1.5, 0.25, -0.125),"
            "(1, 'recency_days', 'log1p', 1.5, 0.25, 0.0625)"
            ") as t(cluster_index, feature_name, feature_transform, "
            "scaler_mean, scaler_scale, centroid_scaled)"
        ),
        PARAMETER_TABLES["clv_parameters"]: (
            "select * from (values ('bgnbd', 'r', 0.243, 500, 7)) "
            "as t(submodel, parameter_name, parameter_value, training_rows, "
            "period_days)"
        ),
        # A fit the data could not support: no rows.
        PARAMETER_TABLES["churn_coefficients"]: (
            "select 'intercept' as term_name, 1.0 as parameter_value limit 0"
        ),
        PARAMETER_TABLES["credit_scorecard_parameters"]: (
            "select * from (values ('max_days_past_due', 0, null, 0.0, 122.9),"
            "('max_days_past_due', 1, 0.0, null, 2.2)) as t(feature_name, "
            "bin_index, lower_edge, upper_edge, points)"
        ),
    }
    for relation, metric in zip(
        EVALUATION_TABLES["model_evaluations"],
        ("silhouette", "mae", "auc", "ks"),
        strict=True,
    ):
        relations[relation] = evaluation.format(
            model=relation.split(".")[-1], metric=metric
        )
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema intermediate")
        for relation, query in relations.items():
            if relation not in skip:
                connection.execute(f"create table {relation} as {query}")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_parameters_are_exported_with_every_row_and_column(tmp_path: Path) -> None:
    db_path = tmp_path / "fit.duckdb"
    _fit_warehouse(db_path)
    paths = {path.stem: path for path in export_parameters(db_path, tmp_path / "p")}
    assert set(paths) == set(PARAMETER_TABLES) | set(EVALUATION_TABLES)
    rows = _read_csv(paths["kmeans_parameters"])
    assert [row["cluster_index"] for row in rows] == ["1", "2"]
    assert float(rows[0]["centroid_scaled"]) == 0.0625
    assert float(rows[1]["centroid_scaled"]) == -0.125
    [clv] = _read_csv(paths["clv_parameters"])
    assert (clv["submodel"], float(clv["parameter_value"])) == ("bgnbd", 0.243)
    # An empty fit still gives a file with its header, for the source table.
    assert paths["churn_coefficients"].read_text().splitlines() == [
        "term_name,parameter_value"
    ]
    evaluations = _read_csv(paths["model_evaluations"])
    assert sorted(row["metric_name"] for row in evaluations) == [
        "auc",
        "ks",
        "mae",
        "silhouette",
    ]
    assert all(row["holdout_start_date"] == "" for row in evaluations)
    # An unbounded bin edge is an empty cell (null once loaded).
    card = _read_csv(paths["credit_scorecard_parameters"])
    assert [(row["lower_edge"], row["upper_edge"]) for row in card] == [
        ("", "0.0"),
        ("0.0", ""),
    ]


def test_a_retail_warehouse_exports_the_finance_scorecard_as_a_header_only(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "fit.duckdb"
    _fit_warehouse(db_path, skip=frozenset(INDUSTRY_ONLY))
    paths = {
        path.stem: path
        for path in export_parameters(db_path, tmp_path / "p", industry="retail")
    }
    assert paths["credit_scorecard_parameters"].read_text().splitlines() == [
        ",".join(SCORECARD_COLUMNS)
    ]
    evaluations = _read_csv(paths["model_evaluations"])
    assert sorted(row["metric_name"] for row in evaluations) == [
        "auc",
        "mae",
        "silhouette",
    ]


def test_a_finance_warehouse_without_its_scorecard_says_how_to_build_it(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "fit.duckdb"
    _fit_warehouse(db_path, skip=frozenset(INDUSTRY_ONLY))
    with pytest.raises(
        RuntimeError,
        match=r"int_credit_scorecard_fitted.*"
        r"HUAXIANG_INDUSTRY=finance dbt build -s \+int_credit_scorecard_fitted",
    ):
        export_parameters(db_path, tmp_path / "p", industry="finance")
    # Checked before writing: no partial export to load by mistake.
    assert not (tmp_path / "p").exists()


def test_evaluation_relations_with_different_columns_are_refused(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "fit.duckdb"
    relation = EVALUATION_TABLES["model_evaluations"][-1]
    _fit_warehouse(db_path, skip=frozenset({relation}))
    with duckdb.connect(str(db_path)) as connection:
        connection.execute(f"create table {relation} as select 'x' as model_name")
    with pytest.raises(RuntimeError, match=rf"{relation} has columns"):
        export_parameters(db_path, tmp_path / "p", industry="finance")


def test_header_only_files_have_the_columns_the_python_fit_writes() -> None:
    assert source_columns("credit_scorecard_parameters") == SCORECARD_COLUMNS


def test_a_missing_fit_names_the_relation_and_how_to_build_it(tmp_path: Path) -> None:
    db_path = tmp_path / "fit.duckdb"
    relation = EVALUATION_TABLES["model_evaluations"][1]
    _fit_warehouse(db_path, skip=frozenset({relation}))
    name = relation.split(".")[-1]
    with pytest.raises(RuntimeError, match=rf"(?s){relation}.*dbt build -s \+{name}"):
        export_parameters(db_path, tmp_path / "p")


def test_exporting_from_a_missing_warehouse_says_how_to_build_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(FileNotFoundError, match="make build"):
        export_parameters(tmp_path / "missing.duckdb", tmp_path / "params")


# Python models whose output other engines do not need as an exported file.
NOT_EXPORTED = {
    "int_identity_components_scipy": "the SQL resolver computes the same components",
    "fct_quality_expectations_evaluated": "the Great Expectations gate is DuckDB-only",
}


def _model_entries(*folders: str) -> dict[str, dict]:
    entries = {}
    for folder in folders:
        for path in (REPO_ROOT / folder).rglob("*.yml"):
            for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
                entries[model["name"]] = model
    return entries


def test_python_models_are_off_where_python_cannot_run_and_their_fits_exported():
    entries = _model_entries("models", "python_models")
    python_models = {path.stem for path in (REPO_ROOT / "python_models").rglob("*.py")}
    assert python_models, "no Python models found"
    exported = {
        relation.split(".")[-1]
        for relations in [*PARAMETER_TABLES.values(), *EVALUATION_TABLES.values()]
        for relation in ([relations] if isinstance(relations, str) else relations)
    }
    for name in sorted(python_models):
        enabled = str(entries.get(name, {}).get("config", {}).get("enabled", ""))
        assert "python_model_adapters" in enabled, (
            f'{name}: set config enabled: "{{{{ target.type in '
            "var('python_model_adapters') }}\" in its YAML, or PostgreSQL and "
            "Spark fail on it"
        )
        assert name in exported or name in NOT_EXPORTED, (
            f"{name}: add its table to PARAMETER_TABLES or EVALUATION_TABLES in "
            "src/huaxiang/engines/params.py, with a model_params source table and "
            "a staging model, so other engines can score from the DuckDB fit"
        )


def test_every_exported_file_has_a_source_table_and_a_staging_model() -> None:
    folder = REPO_ROOT / "models" / "staging" / "model_params"
    sources = yaml.safe_load((folder / "_model_params__sources.yml").read_text())
    [source] = sources["sources"]
    tables = {table["name"] for table in source["tables"]}
    entries = _model_entries("models/staging/model_params")
    for name in [*PARAMETER_TABLES, *EVALUATION_TABLES]:
        assert name in tables, f"{name}: add it to source model_params"
        model = f"stg_model_params__{name}"
        assert (folder / f"{model}.sql").exists(), f"{model}.sql is missing"
        enabled = str(entries[model]["config"]["enabled"])
        assert "not in var('python_model_adapters')" in enabled
