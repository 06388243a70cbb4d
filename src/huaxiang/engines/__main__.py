"""Command line of the engines test and the parameter export.

    python -m huaxiang.engines test postgres spark --customers 1000
    python -m huaxiang.engines export-params --db target/huaxiang.duckdb \
        --out target/params

`test` generates demo data into --work-dir, builds it on DuckDB (the reference,
with the Python models) and exports the fitted parameters, then for each engine
loads the raw CSVs and the parameters, runs `dbt build --target <engine>`
(seeds, models, data and unit tests) and compares the marts row by row with the
DuckDB build (huaxiang.engines.compare). Timings go to <work-dir>/results.json.

The engines build retail. On PostgreSQL a small finance sample follows
(--finance-customers, 0 = skip): only the credit score, the model metrics and
what they need are built, on DuckDB (the reference, whose fits are exported)
and on PostgreSQL (scored in SQL from the exported bins and points), then
compared row by row.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from huaxiang.engines import (
    PARAMS_SCHEMA,
    RAW_SCHEMA,
    REPO_ROOT,
    csv_tables,
    dbt_env,
    log,
    run_dbt,
)
from huaxiang.engines.compare import FINANCE_RELATIONS, compare_with_reference
from huaxiang.engines.params import export_parameters

ENGINES = ("postgres", "spark")
INDUSTRY = "retail"
# The finance sample: the credit score and the model metrics (scorecard
# evaluation rows) with their upstream, and dim_customers for the score's
# relationships test.
FINANCE = "finance"
FINANCE_SELECTION = (
    "+dim_customer_credit_score",
    "+fct_model_metrics",
    "+dim_customers",
)
FINANCE_DATABASE = "huaxiang_finance"


@dataclasses.dataclass(frozen=True)
class FinanceSample:
    """Raw files, DuckDB reference and exported fits of the finance run."""

    work_dir: Path
    raw_dir: Path
    params_dir: Path
    reference_db: Path


def generate_data(
    work_dir: Path, customers: int, seed: int, industry: str = INDUSTRY
) -> Path:
    raw_dir = work_dir / "data" / "raw" / industry
    log(f"data: generating {industry} {customers:,} customers into {raw_dir}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "huaxiang.generator",
            "--industry",
            industry,
            "--customers",
            str(customers),
            "--seed",
            str(seed),
            "--format",
            "csv",
            "--out",
            str(work_dir / "data"),
        ],
        cwd=REPO_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return raw_dir


def build_reference_on_duckdb(work_dir: Path, raw_dir: Path) -> Path:
    """Build the warehouse on DuckDB (with the Python models), no tests.

    It is the reference the other engines' rows are compared with, and the
    fit whose parameters they score from (exported to <work-dir>/params).
    """
    env = dbt_env("dev", work_dir / "duckdb")
    db_path = work_dir / "duckdb" / "reference.duckdb"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "HUAXIANG_INDUSTRY": INDUSTRY,
            "HUAXIANG_RAW_DIR": str(raw_dir),
            "HUAXIANG_DUCKDB_PATH": str(db_path),
        }
    )
    run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        env,
        "duckdb reference build",
    )
    export_parameters(db_path, work_dir / "params", industry=INDUSTRY)
    return db_path


def prepare_finance(
    work_dir: Path, customers: int, seed: int, reuse_reference: bool
) -> FinanceSample:
    """Finance data, the DuckDB build of FINANCE_SELECTION (no tests) and the
    export of its fits, under <work-dir>/finance."""
    finance_dir = work_dir / FINANCE
    sample = FinanceSample(
        work_dir=finance_dir,
        raw_dir=finance_dir / "data" / "raw" / FINANCE,
        params_dir=finance_dir / "params",
        reference_db=finance_dir / "duckdb" / "reference.duckdb",
    )
    if reuse_reference and sample.reference_db.exists():
        return sample
    generate_data(finance_dir, customers, seed, FINANCE)
    env = dbt_env("dev", finance_dir / "duckdb")
    sample.reference_db.parent.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "HUAXIANG_INDUSTRY": FINANCE,
            "HUAXIANG_RAW_DIR": str(sample.raw_dir),
            "HUAXIANG_DUCKDB_PATH": str(sample.reference_db),
        }
    )
    run_dbt(
        [
            "build",
            "--select",
            *FINANCE_SELECTION,
            "--exclude-resource-type",
            "test",
            "unit_test",
        ],
        env,
        "duckdb finance reference build",
    )
    export_parameters(sample.reference_db, sample.params_dir, industry=FINANCE)
    return sample


def test_postgres_finance(server, sample: FinanceSample) -> dict:
    """Build FINANCE_SELECTION in a second database of the same server from
    the finance files and the exported fits; compare the credit score and the
    model metrics."""
    from huaxiang.engines import postgres

    started = time.monotonic()
    finance_server = postgres.create_database(server, FINANCE_DATABASE)
    postgres.load_tables(finance_server, RAW_SCHEMA, csv_tables(sample.raw_dir))
    postgres.load_tables(finance_server, PARAMS_SCHEMA, csv_tables(sample.params_dir))
    env = dbt_env("postgres", sample.work_dir / "postgres")
    env.update(finance_server.env())
    env["HUAXIANG_INDUSTRY"] = FINANCE
    # cautious: only the tests of the selected models whose every parent is
    # built (dim_customers' relationships from unselected marts are not).
    run_dbt(
        [
            "build",
            "--target",
            "postgres",
            "--select",
            *FINANCE_SELECTION,
            "--indirect-selection",
            "cautious",
        ],
        env,
        "postgres finance dbt build",
    )
    connection = postgres.connect(finance_server)
    try:
        problems = compare_with_reference(
            sample.reference_db,
            lambda relation: _fetch(connection, relation),
            "postgres",
            relations=FINANCE_RELATIONS,
            require_rows=True,
        )
    finally:
        connection.close()
    if problems:
        raise RuntimeError(
            "postgres finance rows differ from duckdb:\n  " + "\n  ".join(problems)
        )
    return {"finance_s": round(time.monotonic() - started, 1)}


def _fetch(connection, relation: str) -> tuple[list[str], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"select * from {relation}")
        columns = [item[0] for item in cursor.description]
        return columns, cursor.fetchall()


def test_postgres(
    work_dir: Path,
    raw_dir: Path,
    params_dir: Path,
    reference_db: Path,
    finance: FinanceSample | None = None,
) -> dict:
    from huaxiang.engines import postgres

    timings: dict = {}
    started = time.monotonic()
    with postgres.throwaway_server() as server:
        timings["server_start_s"] = round(time.monotonic() - started, 1)
        load_started = time.monotonic()
        postgres.load_tables(server, RAW_SCHEMA, csv_tables(raw_dir))
        postgres.load_tables(server, PARAMS_SCHEMA, csv_tables(params_dir))
        timings["load_s"] = round(time.monotonic() - load_started, 1)
        env = dbt_env("postgres", work_dir / "postgres")
        env.update(server.env())
        timings["dbt_build_s"] = round(
            run_dbt(
                ["build", "--target", "postgres", "--selector", "portable"],
                env,
                "postgres dbt build",
            ),
            1,
        )
        connection = postgres.connect(server)
        try:
            problems = compare_with_reference(
                reference_db,
                lambda relation: _fetch(connection, relation),
                "postgres",
            )
        finally:
            connection.close()
        if problems:
            raise RuntimeError(
                "postgres rows differ from duckdb:\n  " + "\n  ".join(problems)
            )
        if finance is not None:
            timings.update(test_postgres_finance(server, finance))
    timings["total_s"] = round(time.monotonic() - started, 1)
    return timings


def test_spark(
    work_dir: Path,
    raw_dir: Path,
    params_dir: Path,
    reference_db: Path,
    finance: FinanceSample | None = None,
) -> dict:
    """Retail only: the finance sample runs on PostgreSQL (its JVM start would
    double the Spark time)."""
    started = time.monotonic()
    env = dbt_env("spark", work_dir / "spark")
    log("spark: loading raw files and running dbt build in one Spark session")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "huaxiang.engines.spark",
            "--work-dir",
            str(work_dir / "spark"),
            "--raw-dir",
            str(raw_dir),
            "--params-dir",
            str(params_dir),
            "--reference-db",
            str(reference_db),
        ],
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )
    elapsed = round(time.monotonic() - started, 1)
    if result.returncode != 0:
        raise RuntimeError(
            f"spark: dbt build failed after {elapsed} s (see the dbt output above "
            f"and {env['DBT_LOG_PATH']})"
        )
    return {"total_s": elapsed}


def command_test(args: argparse.Namespace) -> int:
    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {"customers": args.customers, "engines": {}}
    started = time.monotonic()
    raw_dir = args.raw_dir or generate_data(work_dir, args.customers, args.seed)
    reference_db = work_dir / "duckdb" / "reference.duckdb"
    params_dir = work_dir / "params"
    if not args.reuse_reference:
        reference_started = time.monotonic()
        reference_db = build_reference_on_duckdb(work_dir, raw_dir)
        results["duckdb_reference_s"] = round(time.monotonic() - reference_started, 1)
    finance = None
    if args.finance_customers > 0 and "postgres" in args.engines:
        finance_started = time.monotonic()
        finance = prepare_finance(
            work_dir, args.finance_customers, args.seed, args.reuse_reference
        )
        results["duckdb_finance_reference_s"] = round(
            time.monotonic() - finance_started, 1
        )
    failures = []
    for engine in args.engines:
        runner = test_postgres if engine == "postgres" else test_spark
        try:
            results["engines"][engine] = runner(
                work_dir, raw_dir, params_dir, reference_db, finance
            )
            log(f"{engine}: passed {results['engines'][engine]}")
        except Exception as error:  # report every engine, then fail
            failures.append(engine)
            results["engines"][engine] = {"error": str(error)}
            log(f"{engine}: FAILED: {error}")
    results["total_s"] = round(time.monotonic() - started, 1)
    (work_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    log(f"results: {work_dir / 'results.json'}")
    if failures:
        log(f"FAILED on: {', '.join(failures)}")
        return 1
    log(f"passed on: {', '.join(args.engines)} in {results['total_s']:.0f} s")
    return 0


def command_export(args: argparse.Namespace) -> int:
    try:
        export_parameters(args.db, args.out, industry=args.industry)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"export-params: {error}", file=sys.stderr)
        return 1
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m huaxiang.engines")
    commands = parser.add_subparsers(dest="command", required=True)
    test = commands.add_parser("test", help="build and test on other engines")
    test.add_argument("engines", nargs="+", choices=ENGINES)
    test.add_argument("--customers", type=int, default=1000)
    test.add_argument("--seed", type=int, default=42)
    test.add_argument("--work-dir", type=Path, default=Path("target/engines"))
    test.add_argument(
        "--raw-dir", type=Path, help="use this folder of CSVs instead of new data"
    )
    test.add_argument(
        "--finance-customers",
        type=int,
        default=1000,
        help="customers of the finance sample that checks the credit score on "
        "postgres (0 = skip)",
    )
    test.add_argument(
        "--reuse-reference",
        action="store_true",
        help="reuse the DuckDB reference build and parameters in --work-dir",
    )
    test.set_defaults(handler=command_test)
    export = commands.add_parser("export-params", help="export fitted parameters")
    export.add_argument("--db", type=Path, default=Path("target/huaxiang.duckdb"))
    export.add_argument("--out", type=Path, default=Path("target/params"))
    export.add_argument(
        "--industry",
        default=os.environ.get("HUAXIANG_INDUSTRY", INDUSTRY),
        help="industry the warehouse was built for (default: HUAXIANG_INDUSTRY "
        "or retail); fits of other industries are written header-only",
    )
    export.set_defaults(handler=command_export)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    # A kill (CI time-out, Ctrl-C) unwinds the stack, so the PostgreSQL
    # server is still stopped by its pid (throwaway_server's finally).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args = parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
