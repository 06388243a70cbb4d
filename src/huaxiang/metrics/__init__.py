"""Run MetricFlow (the ``mf`` CLI of dbt-metricflow) on the metric center.

``python -m huaxiang.metrics <mf arguments>`` is ``mf`` without its run-time
network call: the CLI asks PyPI for a newer version of itself on every start
(``update_checker``); here that check is switched off, so querying metrics never
leaves the machine. :func:`query` runs one ``mf query`` and returns its rows.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path


class MetricQueryError(RuntimeError):
    """An ``mf`` command failed; the message carries its output."""


def mf_command(args: Sequence[str]) -> list[str]:
    """The command line that runs ``mf <args>`` in this interpreter, offline."""
    return [sys.executable, "-m", "huaxiang.metrics", *args]


def query(
    metrics: Sequence[str],
    group_by: Sequence[str] = (),
    *,
    where: str | None = None,
    order: Sequence[str] = (),
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> list[dict[str, str]]:
    """Rows of ``mf query`` (as text, one dict per row) for the given metrics."""
    if not metrics:
        raise ValueError("query() needs at least one metric name")
    with tempfile.TemporaryDirectory(prefix="huaxiang-mf-") as folder:
        out = Path(folder) / "result.csv"
        args = ["query", "--metrics", ",".join(metrics), "--csv", str(out)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        if where:
            args += ["--where", where]
        if order:
            args += ["--order", ",".join(order)]
        result = subprocess.run(
            mf_command(args),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not out.exists():
            raise MetricQueryError(
                f"mf {' '.join(args)} failed ({result.returncode}). Check the "
                "metric and dimension names with `python -m huaxiang.metrics "
                "list metrics`, and that `make build` ran:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        with out.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
