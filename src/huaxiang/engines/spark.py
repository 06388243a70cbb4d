"""Load raw CSVs into a local Spark and run `dbt build --target spark` in it.

dbt-spark's `session` method reuses the process's SparkSession
(`SparkSession.builder.getOrCreate()`), so this module starts the session
with the profile's settings, loads every CSV as an all-text table into the
`raw` database (parameter files into `model_params`), then runs dbt in the
same process: one JVM start instead of two. The metastore (Derby) and the
warehouse live under --work-dir, which is wiped first.

    python -m huaxiang.engines.spark --work-dir target/engines/spark \
        --raw-dir data/raw/retail --params-dir target/params
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from huaxiang.engines import PARAMS_SCHEMA, RAW_SCHEMA, CsvTable, csv_tables, log


def session_settings(work_dir: Path) -> dict[str, str]:
    """The profile's server_side_parameters, with this run's folders.

    Sets the same environment variables profiles.yml reads, so dbt's own
    view of the settings matches the session started here.
    """
    os.environ["HUAXIANG_SPARK_WAREHOUSE"] = str(work_dir / "warehouse")
    os.environ["HUAXIANG_SPARK_METASTORE"] = str(work_dir / "metastore_db")
    return {
        "spark.master": os.environ.get("HUAXIANG_SPARK_MASTER", "local[2]"),
        "spark.sql.warehouse.dir": os.environ["HUAXIANG_SPARK_WAREHOUSE"],
        "spark.driver.memory": os.environ.get("HUAXIANG_SPARK_DRIVER_MEMORY", "2g"),
        "spark.sql.shuffle.partitions": os.environ.get(
            "HUAXIANG_SPARK_SHUFFLE_PARTITIONS", "4"
        ),
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={os.environ['HUAXIANG_SPARK_METASTORE']}"
            ";create=true"
        ),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={work_dir}",
    }


def start_session(work_dir: Path):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("huaxiang-engines").enableHiveSupport()
    for key, value in session_settings(work_dir).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def load_tables(session, database: str, tables: list[CsvTable]) -> None:
    """database.<table> over each CSV file: the header's columns, all text.

    The tables are external (Spark reads the file at query time): nothing is
    copied, as DuckDB reads the files in place.
    """
    session.sql(f"create database if not exists {database}")
    for table in tables:
        relation = f"{database}.`{table.name}`"
        columns = ", ".join(f"`{column}` string" for column in table.columns)
        location = str(table.path.resolve()).replace("'", "\\'")
        session.sql(f"drop table if exists {relation}")
        session.sql(
            f"create table {relation} ({columns}) using csv options ("
            f"path '{location}', header 'true', multiLine 'true', "
            "quote '\"', escape '\"', encoding 'UTF-8')"
        )
        log(f"spark: {database}.{table.name} reads {table.path.name}")


def run(
    work_dir: Path,
    raw_dir: Path,
    params_dir: Path,
    dbt_args: list[str],
    reference_db: Path | None = None,
) -> int:
    shutil.rmtree(work_dir / "warehouse", ignore_errors=True)
    shutil.rmtree(work_dir / "metastore_db", ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    session = start_session(work_dir)
    log(f"spark: session up in {time.monotonic() - started:.0f} s")
    try:
        load_started = time.monotonic()
        load_tables(session, RAW_SCHEMA, csv_tables(raw_dir))
        load_tables(session, PARAMS_SCHEMA, csv_tables(params_dir))
        log(f"spark: loaded in {time.monotonic() - load_started:.0f} s")
        from dbt.cli.main import dbtRunner

        build_started = time.monotonic()
        log(f"spark: dbt {' '.join(dbt_args)}")
        result = dbtRunner().invoke(dbt_args)
        log(
            f"spark: dbt {'passed' if result.success else 'FAILED'} in "
            f"{time.monotonic() - build_started:.0f} s"
        )
        if not result.success:
            return 1
        if reference_db is not None:
            from huaxiang.engines.compare import (
                SNAPSHOT_RELATIONS,
                compare_with_reference,
            )

            def fetch(relation: str) -> tuple[list[str], list[tuple]]:
                frame = session.table(relation)
                return frame.columns, [tuple(row) for row in frame.collect()]

            problems = compare_with_reference(
                reference_db, fetch, "spark", skip=SNAPSHOT_RELATIONS
            )
            if problems:
                log("spark rows differ from duckdb:\n  " + "\n  ".join(problems))
                return 1
        return 0
    finally:
        session.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m huaxiang.engines.spark")
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--params-dir", type=Path, required=True)
    parser.add_argument(
        "--reference-db", type=Path, help="DuckDB build to compare the marts with"
    )
    parser.add_argument(
        "dbt_args", nargs="*", help="dbt arguments (default: build --target spark)"
    )
    args = parser.parse_args(argv)
    dbt_args = args.dbt_args or ["build", "--target", "spark", "--selector", "portable"]
    return run(
        args.work_dir.resolve(),
        args.raw_dir,
        args.params_dir,
        dbt_args,
        args.reference_db,
    )


if __name__ == "__main__":
    sys.exit(main())
