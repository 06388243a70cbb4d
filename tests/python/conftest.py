"""Shared helpers for tests that run dbt or read the built warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


def run_dbt(
    args: list[str], env_overrides: dict[str, str]
) -> subprocess.CompletedProcess:
    """Run dbt in the repo with the given environment; fail with its output."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(REPO), **env_overrides}
    result = subprocess.run(
        [str(DBT), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}")
    return result


@pytest.fixture(scope="session")
def warehouse_path() -> Path:
    """The DuckDB file `make build` wrote (skip when it was not built)."""
    path = REPO / os.environ.get("HUAXIANG_DUCKDB_PATH", "target/huaxiang.duckdb")
    if not path.exists():
        pytest.skip(f"{path} not built: run `make build` first")
    return path
