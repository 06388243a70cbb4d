"""Shared helpers for tests that run dbt or read the built warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
MANIFEST_PATH = REPO / "target" / "manifest.json"

# Files dbt reads when it parses; a manifest older than any of them is stale.
PARSED_FOLDERS = (
    "models",
    "python_models",
    "macros",
    "seeds",
    "snapshots",
    "analyses",
    "tests",
)
PARSED_ROOT_FILES = ("dbt_project.yml", "packages.yml", "dependencies.yml")
PARSED_SUFFIXES = {".sql", ".py", ".yml", ".yaml", ".csv", ".md"}
NOT_PARSED_FOLDERS = {("tests", "python")}


def run_dbt(
    args: list[str], env_overrides: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess:
    """Run dbt in the repo with the given environment; fail with its output
    (unless check is false: then the caller inspects the result)."""
    # dbt Python models import the huaxiang package from src/.
    python_path = os.pathsep.join(
        p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p
    )
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "PYTHONPATH": python_path,
        **env_overrides,
    }
    # A build into another warehouse writes its artifacts next to it: target/ keeps
    # the manifest of the main warehouse, which MetricFlow and other tests read.
    db_path = env_overrides.get("HUAXIANG_DUCKDB_PATH")
    main_db = REPO / os.environ.get("HUAXIANG_DUCKDB_PATH", "target/huaxiang.duckdb")
    if db_path and Path(db_path).resolve() != main_db.resolve():
        artifacts = Path(db_path).parent / f"{Path(db_path).stem}_dbt"
        env.setdefault("DBT_TARGET_PATH", str(artifacts / "target"))
        env.setdefault("DBT_LOG_PATH", str(artifacts / "logs"))
    result = subprocess.run(
        [str(DBT), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        pytest.fail(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}")
    return result


@pytest.fixture(scope="session")
def warehouse_path() -> Path:
    """The DuckDB file `make build` wrote (skip when it was not built)."""
    path = REPO / os.environ.get("HUAXIANG_DUCKDB_PATH", "target/huaxiang.duckdb")
    if not path.exists():
        pytest.skip(f"{path} not built: run `make build` first")
    return path


def _is_parsed_file(path: Path) -> bool:
    relative = path.relative_to(REPO).parts
    return path.suffix in PARSED_SUFFIXES and not any(
        relative[: len(folder)] == folder for folder in NOT_PARSED_FOLDERS
    )


def _parsed_files() -> Iterator[Path]:
    for name in PARSED_ROOT_FILES:
        if (REPO / name).is_file():
            yield REPO / name
    for folder in PARSED_FOLDERS:
        root = REPO / folder
        if root.is_dir():
            yield from (
                p for p in root.rglob("*") if p.is_file() and _is_parsed_file(p)
            )


def _manifest_is_current() -> bool:
    if not MANIFEST_PATH.is_file():
        return False
    built = MANIFEST_PATH.stat().st_mtime
    return all(path.stat().st_mtime <= built for path in _parsed_files())


def _run_dbt_parse() -> None:
    if not DBT.exists():
        pytest.fail(f"dbt not found next to the interpreter: {DBT}")
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(REPO)
    result = subprocess.run(
        [str(DBT), "parse"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"dbt parse failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
        )


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    if not _manifest_is_current():
        _run_dbt_parse()
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
