"""Write generated tables to disk: CSV or Parquet, swapped into place at the end.

Files go to a temporary folder next to the target; when every table is written the old
`raw/<industry>` and `truth/<industry>` folders are replaced by the new ones with two
renames each, so a crash never leaves half a dataset behind.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from huaxiang.generator.dataset import OutputTable

FORMATS = ("csv", "parquet")


def write_table(table: pa.Table, path: Path, file_format: str) -> None:
    """One table as `<path>` (CSV with header, strings quoted; or zstd Parquet)."""
    if file_format == "csv":
        pa_csv.write_csv(table, path)
    elif file_format == "parquet":
        pq.write_table(table, path, compression="zstd", row_group_size=1 << 20)
    else:
        raise ValueError(f"unknown format {file_format!r}; use one of {FORMATS}")


def _swap_in(new: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        if old.exists():
            shutil.rmtree(old)
        final.rename(old)
    new.rename(final)
    if old is not None:
        shutil.rmtree(old)


def write_dataset(
    tables: Iterable[OutputTable],
    out_dir: Path,
    industry: str,
    file_format: str,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Write raw tables as `<out>/raw/<industry>/<table>.<ext>` and ground truth as
    `<out>/truth/<industry>/<table>.csv`; returns rows written per table."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}; use one of {FORMATS}")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{industry}-", dir=out_dir))
    counts: dict[str, int] = {}
    try:
        for kind in ("raw", "truth"):
            (staging / kind).mkdir()
        started = time.perf_counter()
        for item in tables:
            ext = file_format if item.kind == "raw" else "csv"
            write_table(item.table, staging / item.kind / f"{item.name}.{ext}", ext)
            now = time.perf_counter()
            counts[item.name] = item.table.num_rows
            log(
                f"{item.kind}/{industry}/{item.name}.{ext}: "
                f"{item.table.num_rows:,} rows in {now - started:.1f} s"
            )
            started = now
        for kind in ("raw", "truth"):
            _swap_in(staging / kind, out_dir / kind / industry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
