"""Export the parameter tables fitted by Python models on DuckDB.

Engines that cannot run dbt Python models (PostgreSQL, open-source Spark)
score customers in SQL from these files: `make export-params` writes one CSV
per parameter table; the engine loads it into the `model_params` schema, where
the source `model_params` (models/staging/model_params/) reads it.

    python -m huaxiang.engines export-params --db target/huaxiang.duckdb \
        --out target/params --industry retail
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from huaxiang.engines import REPO_ROOT, log

# Parameter table file name -> the DuckDB relation the Python model writes.
PARAMETER_TABLES = {
    "kmeans_parameters": "intermediate.int_kmeans_centroids_fitted",
    "clv_parameters": "intermediate.int_clv_parameters_fitted",
    "churn_coefficients": "intermediate.int_churn_coefficients_fitted",
    "credit_scorecard_parameters": "intermediate.int_credit_scorecard_fitted",
}
# Evaluation rows the fits wrote (model cards): the Python models have the
# same columns (huaxiang.models.frames.metric_rows), so they are exported as
# one file, one relation after another.
EVALUATION_TABLES = {
    "model_evaluations": (
        "intermediate.int_kmeans_solutions_evaluated",
        "intermediate.int_clv_holdout_evaluated",
        "intermediate.int_churn_holdout_evaluated",
        "intermediate.int_credit_scorecard_evaluated",
    ),
}
# Relations built for one industry only (their models are disabled for the
# others): a warehouse of another industry has no such table, and its export
# leaves them out (a parameter file then has its header only).
INDUSTRY_ONLY = {
    "intermediate.int_credit_scorecard_fitted": "finance",
    "intermediate.int_credit_scorecard_evaluated": "finance",
}
# Where the columns of a header-only file come from: the source the engines
# read the files through.
SOURCES_YML = REPO_ROOT / "models/staging/model_params/_model_params__sources.yml"


def source_columns(name: str) -> list[str]:
    """Columns of source table model_params.<name> (its YAML entry)."""
    [source] = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))["sources"]
    for table in source["tables"]:
        if table["name"] == name:
            return [column["name"] for column in table.get("columns", [])]
    raise KeyError(
        f"{name}: no table of that name in source model_params ({SOURCES_YML}); "
        "add it with its columns"
    )


def _exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    try:
        connection.execute(f"select 1 from {relation} limit 1")
    except duckdb.CatalogException:
        return False
    return True


def _columns(connection: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    cursor = connection.execute(f"select * from {relation} limit 0")
    return [item[0] for item in cursor.description]


def _present_relations(
    connection: duckdb.DuckDBPyConnection,
    db_path: Path,
    relations: tuple[str, ...],
    industry: str,
) -> list[str]:
    """The relations to export; a missing one is an error unless it belongs
    to another industry than the warehouse's."""
    present = []
    for relation in relations:
        if _exists(connection, relation):
            present.append(relation)
            continue
        name = relation.split(".")[-1]
        only_for = INDUSTRY_ONLY.get(relation)
        if only_for is not None and only_for != industry:
            log(
                f"params: {relation} is {only_for} only and this is a {industry} "
                "warehouse: left out of the export"
            )
            continue
        prefix = f"HUAXIANG_INDUSTRY={only_for} " if only_for else ""
        raise RuntimeError(
            f"{db_path}: {relation} is missing from this {industry} warehouse. "
            f"Build it with `{prefix}dbt build -s +{name}` on DuckDB"
            + (
                f" (it is {only_for} only; pass --industry of the warehouse you built)."
                if only_for
                else "."
            )
        )
    return present


def export_parameters(
    db_path: Path, out_dir: Path, industry: str = "retail"
) -> list[Path]:
    """Write each parameter table as <out_dir>/<name>.csv (header, UTF-8).

    `industry` is the warehouse's industry (HUAXIANG_INDUSTRY of its build):
    the fits of another industry are not in it and are not required. An empty
    table (a fit the data could not support) or one not built for this
    industry is written as a header only: the scoring SQL then scores nobody,
    as it does on DuckDB.
    """
    if not db_path.exists():
        raise FileNotFoundError(
            f"{db_path}: no DuckDB warehouse. Run `make build` first: the "
            "parameters are fitted by its Python models."
        )
    industry = industry.lower()
    exports = {name: (relation,) for name, relation in PARAMETER_TABLES.items()}
    exports.update(EVALUATION_TABLES)
    written = []
    with duckdb.connect(str(db_path), read_only=True) as connection:
        # Every relation is checked before any file is written.
        plan = {
            name: _present_relations(connection, db_path, relations, industry)
            for name, relations in exports.items()
        }
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, present in plan.items():
            path = out_dir / f"{name}.csv"
            if not present:
                columns = source_columns(name)
                path.write_text(",".join(columns) + "\n", encoding="utf-8")
                log(f"params: {path} has the header only (no fit in this warehouse)")
                written.append(path)
                continue
            expected = _columns(connection, present[0])
            for relation in present[1:]:
                if _columns(connection, relation) != expected:
                    raise RuntimeError(
                        f"{db_path}: {relation} has columns "
                        f"{_columns(connection, relation)}, {present[0]} has "
                        f"{expected}; the relations of {name}.csv are exported "
                        "as one file and need the same columns in the same order "
                        "(huaxiang.models.frames.metric_rows writes them)"
                    )
            query = " union all ".join(f"select * from {rel}" for rel in present)
            rows = connection.execute(f"select count(*) from ({query})").fetchone()
            connection.execute(
                f"copy (select * from ({query}) order by all) to '{path}' "
                "(header, delimiter ',')"
            )
            log(f"params: {' + '.join(present)} -> {path} ({rows[0]} rows)")
            written.append(path)
    return written
