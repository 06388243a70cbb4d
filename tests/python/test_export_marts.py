"""`make export-marts`: the public marts as Parquet for BI tools."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from huaxiang.export_marts import PUBLIC_SCHEMAS, export_marts, main


@pytest.fixture(scope="module")
def exported(tmp_path_factory, warehouse_path: Path) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("export") / "marts"
    manifest = export_marts(warehouse_path, out, log=lambda _: None)
    return out, manifest


def test_every_public_table_is_exported_and_nothing_else(exported, warehouse_path):
    out, manifest = exported
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        tables = {
            f"{schema}/{table}.parquet"
            for schema, table in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
            if schema in PUBLIC_SCHEMAS
        }
    files = {p.relative_to(out).as_posix() for p in out.rglob("*.parquet")}
    assert files == tables
    assert {entry["file"] for entry in manifest["files"]} == tables
    assert not any(f.startswith(("restricted/", "staging/")) for f in files)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest


def test_parquet_files_hold_exactly_the_warehouse_rows(exported, warehouse_path):
    out, manifest = exported
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        for entry in manifest["files"]:
            relation = f'"{entry["schema"]}"."{entry["table"]}"'
            path = (out / entry["file"]).as_posix()
            rows = con.execute(f"select count(*) from '{path}'").fetchone()[0]
            assert rows == entry["rows"]
            differing = con.execute(
                f"select count(*) from ((select * from '{path}' except all "
                f"select * from {relation}) union all (select * from {relation} "
                f"except all select * from '{path}'))"
            ).fetchone()[0]
            assert differing == 0, entry["file"]


def test_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)]) == 1
    assert "run `make build` first" in capsys.readouterr().err
