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
}


def export_parameters(db_path: Path, out_dir: Path) -> list[Path]:
    """Write each parameter table as <out_dir>/<name>.csv (header, UTF-8)."""
    if not db_path.exists():
        raise FileNotFoundError(
            f"{db_path}: no DuckDB warehouse. Run `make build` first: the "
            "parameters are fitted by its Python models."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for name, relation in PARAMETER_TABLES.items():
            path = out_dir / f"{name}.csv"
            try:
                rows = connection.execute(f"select count(*) from {relation}").fetchone()
            except duckdb.CatalogException as error:
                raise RuntimeError(
                    f"{db_path}: {relation} is missing ({error}). Build it with "
                    f"`dbt build -s +{relation.split('.')[-1]}` on DuckDB."
                ) from error
            connection.execute(
                f"copy (select * from {relation} order by all) to '{path}' "
                "(header, delimiter ',')"
            )
            log(f"params: {relation} -> {path} ({rows[0]} rows)")
            written.append(path)
    return written
