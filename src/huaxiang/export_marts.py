"""Export the public marts as Parquet for BI tools: ``python -m huaxiang.export_marts``.

Every table of the public schemas (``marts`` and ``reports``; never the
``restricted`` schema with raw personal data, never staging) is written to
``<out>/<schema>/<table>.parquet``, read-only from the warehouse, with a
``manifest.json`` listing each file's rows and columns. The export is
written to a temporary folder and swapped in at the end, so a failed export
never leaves a half-written folder behind.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

PUBLIC_SCHEMAS = ("marts", "reports")


def public_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(schema, table) of every base table and view in the public schemas."""
    placeholders = ", ".join("?" for _ in PUBLIC_SCHEMAS)
    return [
        (schema, table)
        for schema, table in con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in ({placeholders}) "
            "order by table_schema, table_name",
            list(PUBLIC_SCHEMAS),
        ).fetchall()
    ]


def export_marts(db: Path, out: Path, log=print) -> dict:
    """Write every public table to Parquet under ``out``; return the manifest."""
    if not db.is_file():
        raise FileNotFoundError(f"{db}: warehouse not found; run `make build` first")
    staging = out.parent / f".{out.name}.exporting"
    if staging.exists():
        shutil.rmtree(staging)
    manifest: dict = {
        "warehouse": str(db),
        "schemas": list(PUBLIC_SCHEMAS),
        "files": [],
    }
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = public_tables(con)
        if not tables:
            raise ValueError(f"{db}: no tables in schemas {PUBLIC_SCHEMAS}")
        for number, (schema, table) in enumerate(tables, start=1):
            target = staging / schema / f"{table}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            relation = f'"{schema}"."{table}"'
            con.execute(
                f"copy (select * from {relation}) to '{target.as_posix()}' "
                "(format parquet, compression zstd)"
            )
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
            manifest["files"].append(
                {
                    "schema": schema,
                    "table": table,
                    "file": f"{schema}/{table}.parquet",
                    "rows": rows,
                    "columns": columns,
                }
            )
            log(f"[{number}/{len(tables)}] {schema}.{table}: {rows} rows")
    finally:
        con.close()
    (staging / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m huaxiang.export_marts",
        description="Export the public marts (schemas marts and reports) as Parquet.",
    )
    parser.add_argument("--db", type=Path, default=Path("target/huaxiang.duckdb"))
    parser.add_argument("--out", type=Path, default=Path("target/marts"))
    args = parser.parse_args(argv)
    try:
        manifest = export_marts(args.db, args.out)
    except (FileNotFoundError, ValueError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{len(manifest['files'])} tables -> {args.out}/ (manifest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
