"""Faults: an interrupted build, and the report builder next to the warehouse.

test_pipeline.test_rebuild_gives_identical_marts covers two consecutive
builds. Here:
- a `dbt build` into an empty warehouse is killed (SIGKILL, as a crash or an
  out-of-memory kill would) while it writes the marts, and a rerun gives
  marts identical, table by table and row by row, to the uninterrupted build
  `make build` wrote;
- the report builder opens the warehouse read-only: the file is byte-identical
  afterwards and writable again, and while a writer holds it the builder fails
  at once with a message instead of waiting or touching it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, REPO, run_dbt
from test_pipeline import table_fingerprints

KILL_AFTER = "START sql table model marts."
LEFTOVER_SUFFIXES = ("__dbt_tmp", "__dbt_backup")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dbt_env(db_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "PYTHONPATH": str(REPO / "src"),
        "HUAXIANG_DUCKDB_PATH": str(db_path),
        # Artifacts next to this warehouse: target/ keeps the main one's manifest
        # (the rerun through run_dbt does the same).
        "DBT_TARGET_PATH": str(db_path.parent / f"{db_path.stem}_dbt" / "target"),
        "DBT_LOG_PATH": str(db_path.parent / f"{db_path.stem}_dbt" / "logs"),
    }


def test_interrupted_build_reruns_to_identical_marts(
    warehouse_path: Path, tmp_path: Path
):
    db_path = tmp_path / "interrupted.duckdb"
    process = subprocess.Popen(
        [str(DBT), "build"],
        cwd=REPO,
        env=dbt_env(db_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line)
        if KILL_AFTER in line:
            time.sleep(1.0)  # let it write part of the marts
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert any(KILL_AFTER in line for line in seen), (
        "the build ended before reaching the marts:\n" + "".join(seen[-20:])
    )
    assert process.returncode == -signal.SIGKILL
    partial = table_fingerprints(db_path)

    run_dbt(["build"], {"HUAXIANG_DUCKDB_PATH": str(db_path)})

    uninterrupted = table_fingerprints(warehouse_path)
    rerun = table_fingerprints(db_path)
    leftovers = [t for t in rerun if t.endswith(LEFTOVER_SUFFIXES)]
    assert not leftovers, f"temporary relations left behind: {leftovers}"
    assert rerun, "the rerun built no public tables"
    missing = sorted(set(rerun) - set(uninterrupted))
    assert not missing, f"tables only in the rerun warehouse: {missing}"
    differ = sorted(t for t in rerun if rerun[t] != uninterrupted[t])
    assert not differ, f"tables differ from the uninterrupted build: {differ}"
    # The kill happened mid-run: some public tables were not built yet.
    assert len(partial) < len(rerun), (len(partial), len(rerun))


@pytest.fixture
def warehouse_copy(warehouse_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse_path, copy)
    return copy


def build_site(db_path: Path, out: Path, timeout: int = 120):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "huaxiang.site",
            "--db",
            str(db_path),
            "--out",
            str(out),
        ],
        cwd=REPO,
        env=dbt_env(db_path),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_site_build_reads_the_warehouse_read_only(warehouse_copy: Path, tmp_path: Path):
    before = sha256(warehouse_copy)
    result = build_site(warehouse_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert sha256(warehouse_copy) == before, "the site build changed the warehouse"
    assert not Path(f"{warehouse_copy}.wal").exists()
    # Released: a writer (the next dbt build) can open it at once.
    duckdb.connect(str(warehouse_copy)).close()


def test_site_build_next_to_a_writer_fails_fast_and_leaves_the_file_intact(
    warehouse_copy: Path, tmp_path: Path
):
    before = table_fingerprints(warehouse_copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"c = duckdb.connect({str(warehouse_copy)!r})\n"
            "print('open', flush=True)\n"
            "time.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        result = build_site(warehouse_copy, tmp_path / "site", timeout=60)
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert result.returncode == 1
    assert "cannot open" in result.stderr and "read-only" in result.stderr
    assert elapsed < 30, f"the site build waited {elapsed:.0f}s for the lock"
    assert not (tmp_path / "site").exists()
    assert table_fingerprints(warehouse_copy) == before
