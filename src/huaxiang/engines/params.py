"""Export the parameter tables fitted by Python models on DuckDB.

Engines that cannot run dbt Python models (PostgreSQL, open-source Spark)
score customers in SQL from these files: `make export-params` writes one CSV
per parameter table; the engine loads it into the `model_params` schema, where
the source `model_params` (models/staging/model_params/) reads it.

    python -m huaxiang.engines export-params --db target/huaxiang.duckdb \
        --out target/params
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from huaxiang.engines import log

# Parameter table file name -> the DuckDB relation the Python model writes.
PARAMETER_TABLES = {
    "kmeans_parameters": "intermediate.int_kmeans_centroids_fitted",
    "clv_parameters": "intermediate.int_clv_parameters_fitted",
    "churn_coefficients": "intermediate.int_churn_coefficients_fitted",
}
# Evaluation rows the fits wrote (model cards): the three Python models have the
# same columns, so they are exported as one file, one relation after another.
EVALUATION_TABLES = {
    "model_evaluations": (
        "intermediate.int_kmeans_solutions_evaluated",
        "intermediate.int_clv_holdout_evaluated",
        "intermediate.int_churn_holdout_evaluated",
    ),
}


def export_parameters(db_path: Path, out_dir: Path) -> list[Path]:
    """Write each parameter table as <out_dir>/<name>.csv (header, UTF-8).

    An empty table (a fit the data could not support) is written as a header
    only: the scoring SQL then scores nobody, as it does on DuckDB.
    """
    if not db_path.exists():
        raise FileNotFoundError(
            f"{db_path}: no DuckDB warehouse. Run `make build` first: the "
            "parameters are fitted by its Python models."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    exports = {name: (relation,) for name, relation in PARAMETER_TABLES.items()}
    exports.update(EVALUATION_TABLES)
    written = []
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for name, relations in exports.items():
            path = out_dir / f"{name}.csv"
            for relation in relations:
                try:
                    connection.execute(f"select 1 from {relation} limit 1")
                except duckdb.CatalogException as error:
                    raise RuntimeError(
                        f"{db_path}: {relation} is missing ({error}). Build it "
                        f"with `dbt build -s +{relation.split('.')[-1]}` on DuckDB."
                    ) from error
            query = " union all ".join(f"select * from {rel}" for rel in relations)
            rows = connection.execute(f"select count(*) from ({query})").fetchone()
            connection.execute(
                f"copy (select * from ({query}) order by all) to '{path}' "
                "(header, delimiter ',')"
            )
            log(f"params: {' + '.join(relations)} -> {path} ({rows[0]} rows)")
            written.append(path)
    return written
