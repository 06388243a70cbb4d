"""Write generated tables to disk: CSV or Parquet, swapped into place at the end.

Every raw table carries the loader column `_loaded_at` (when the row landed in the
raw layer, as an ingestion tool such as Fivetran or Airbyte adds one): the generator's
business date at 23:00 for the initial load, the new day's for rows `--next-day`
appends. Staging reads only rows loaded after its last run (README "Incremental
refresh").

Files go to a temporary folder next to the target; when every table is written the old
`raw/<industry>` and `truth/<industry>` folders are replaced by the new ones with two
renames each, so a crash never leaves half a dataset behind.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.retail import AS_OF_DATE

FORMATS = ("csv", "parquet")
LOADED_AT_COLUMN = "_loaded_at"
LOADED_AT_TIME = dt.time(23, 0)


def loaded_at(business_date: dt.date) -> dt.datetime:
    """The load time of the rows of one business date (that evening)."""
    return dt.datetime.combine(business_date, LOADED_AT_TIME)


def with_loaded_at(table: pa.Table, business_date: dt.date) -> pa.Table:
    """`table` with its `_loaded_at` set (added when missing) to the date's load."""
    column = pa.array([loaded_at(business_date)] * table.num_rows, pa.timestamp("s"))
    names = table.column_names
    if LOADED_AT_COLUMN in names:
        return table.set_column(names.index(LOADED_AT_COLUMN), LOADED_AT_COLUMN, column)
    return table.append_column(LOADED_AT_COLUMN, column)


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
    `<out>/truth/<industry>/<table>.csv`; returns rows written per table. Raw tables
    get the `_loaded_at` of the generator's as-of date."""
    business_date = dt.date.fromisoformat(AS_OF_DATE)
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
            table = (
                with_loaded_at(item.table, business_date)
                if item.kind == "raw"
                else item.table
            )
            write_table(table, staging / item.kind / f"{item.name}.{ext}", ext)
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
