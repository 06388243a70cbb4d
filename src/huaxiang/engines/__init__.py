"""Build the same dbt project on PostgreSQL and Spark (`make test-engines`).

The SQL layer (staging, identity via the portable SQL resolver, core marts,
segments scoring, reports) is engine-neutral: dialect differences go through
`adapter.dispatch` macros. What differs per engine is only how raw files get
in. DuckDB reads the files directly (the sources' `external_location`); other
engines read tables of the same name in the `raw` schema, loaded here as
all-text tables with the columns of each file's header (staging casts every
column anyway). Python models (scipy identity, K-means fit) run on DuckDB
only; their parameters reach the other engines as exported files loaded into
the `model_params` schema (see `huaxiang.engines.params`).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
# Schemas (Spark: databases) the raw files and exported parameters are loaded into.
RAW_SCHEMA = "raw"
PARAMS_SCHEMA = "model_params"


@dataclass(frozen=True)
class CsvTable:
    """One CSV file to load: table name (file stem), path and header columns."""

    name: str
    path: Path
    columns: tuple[str, ...]


def log(message: str) -> None:
    """Progress line, flushed at once (long steps print progress)."""
    print(f"[engines {time.strftime('%H:%M:%S')}] {message}", flush=True)


def read_header(path: Path) -> tuple[str, ...]:
    """Column names of a CSV file's header (UTF-8, optional BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header or any(not column.strip() for column in header):
        raise ValueError(
            f"{path}: the first line must be a header naming every column "
            "(see docs/input_contract.md)"
        )
    return tuple(column.strip() for column in header)


def csv_tables(folder: Path) -> list[CsvTable]:
    """Every <table>.csv in a folder, sorted by name."""
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder}: no such folder. Generate data with `make data` or point "
            "--raw-dir at a folder of <table>.csv files."
        )
    tables = [
        CsvTable(path.stem, path, read_header(path))
        for path in sorted(folder.glob("*.csv"))
    ]
    if not tables:
        raise FileNotFoundError(
            f"{folder}: no .csv files. Other engines load CSV only; write the "
            "demo data with FORMAT=csv."
        )
    return tables


def run_dbt(args: list[str], env: dict[str, str], label: str) -> float:
    """Run dbt with the venv's executable; fail with the command on error."""
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args]
    log(f"{label}: {' '.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(
            f"{label} failed (exit {result.returncode}) after {elapsed:.0f} s: "
            f"{' '.join(command)}. The dbt log is under {env.get('DBT_LOG_PATH')}."
        )
    log(f"{label}: done in {elapsed:.0f} s")
    return elapsed


def dbt_env(engine: str, work_dir: Path) -> dict[str, str]:
    """Environment for dbt runs of one engine: own target/ and logs/ folders.

    A separate target path keeps the DuckDB manifest (read by pytest) intact.
    """
    env = dict(os.environ)
    env.update(
        {
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "DBT_TARGET_PATH": str(work_dir / "dbt-target"),
            "DBT_LOG_PATH": str(work_dir / "dbt-logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PYTHONPATH": str(REPO_ROOT / "src"),
            "DBT_TARGET": engine,
        }
    )
    return env
