"""Incremental staging (macros/staging/incremental_staging.sql): a run parses only the
rows loaded after the last one, plus the older rows whose verdict the new rows or the
later as-of date can change, and the result equals a full rebuild on the same files.

Small hand-made POS files, staged at one business date, then given a second load that
  - duplicates an older receipt with content that ranks first (the old row becomes the
    duplicate), and repeats an older line exactly;
  - brings the parent receipt of an orphan line (parent_quarantined lifted);
while the as-of date moves past a receipt that was in the future (future_timestamp
lifted, and with it the parent_quarantined of its line). A second warehouse is built
from scratch on the same files; the staged tables must be equal row for row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt

DAY_1, DAY_2 = "2026-06-30", "2026-07-01"
LOADED_1, LOADED_2 = f"{DAY_1} 23:00:00", f"{DAY_2} 23:00:00"
MODELS = [
    "stg_pos__transactions_validated",
    "stg_pos__transactions",
    "stg_pos__transaction_lines_validated",
]
RECEIPT_COLUMNS = [
    "receipt_no", "store_id", "transacted_at", "member_card_no", "customer_phone",
    "transaction_type", "original_receipt_no", "gross_amount", "discount_amount",
    "net_amount", "payment_method", "_loaded_at",
]  # fmt: skip
LINE_COLUMNS = [
    "receipt_no", "line_no", "product_id", "quantity", "unit_price",
    "discount_amount", "line_amount", "_loaded_at",
]  # fmt: skip


def receipt(no: str, at: str, loaded: str, store: str = "S1001") -> list[str]:
    amounts = ["100.00", "0.00", "100.00"]
    return [no, store, at, "", "", "SALE", "", *amounts, "cash", loaded]


def line(no: str, loaded: str) -> list[str]:
    return [no, "1", "P0001", "1", "100.00", "0.00", "100.00", loaded]


FIRST_RECEIPTS = [
    receipt("R01", "2026-06-01 10:00:00", LOADED_1),
    receipt("R02", "2026-06-02 10:00:00", LOADED_1),
    # Local noon of day 2: after the first as-of date, fine on the second.
    receipt("R03", "2026-07-01 12:00:00", LOADED_1),
    receipt("R04", "not a time", LOADED_1),
]
FIRST_LINES = [
    line("R01", LOADED_1),
    line("R02", LOADED_1),
    line("R03", LOADED_1),
    line("R05", LOADED_1),  # its receipt arrives with the second load
    line("R06", LOADED_1),  # its receipt never arrives
]
SECOND_RECEIPTS = [
    receipt("R05", "2026-07-01 09:00:00", LOADED_2),
    receipt("R02", "2026-06-02 10:00:00", LOADED_2, store="S0000"),  # ranks first
    receipt("R07", "2026-07-01 15:00:00", LOADED_2),
]
SECOND_LINES = [line("R07", LOADED_2), line("R01", LOADED_2)]


def write(path: Path, columns: list[str], rows: list[list[str]], mode: str) -> None:
    with path.open(mode, newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if mode == "w":
            writer.writerow(columns)
        writer.writerows(rows)


def stage(raw: Path, db: Path, as_of: str, *extra: str) -> str:
    """Seed standard_values and build the POS staging models at `as_of`."""
    env = {
        "HUAXIANG_RAW_DIR": str(raw),
        "HUAXIANG_RAW_FORMAT": "csv",
        "HUAXIANG_DUCKDB_PATH": str(db),
        "HUAXIANG_AS_OF_DATE": as_of,
    }
    return run_dbt(
        [
            "build", "--select", "standard_values", *MODELS,
            "--exclude-resource-type", "test", "unit_test", *extra,
        ],
        env,
    ).stdout  # fmt: skip


def rows(db: Path, model: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return sorted(
            connection.execute(f"select * from staging.{model}").fetchall(),
            key=repr,
        )


def verdicts(db: Path, model: str, key: str) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as connection:
        found = connection.execute(
            f"select {key}, list(coalesce(quarantine_reason, 'ok') "
            f"order by duplicate_rank) from staging.{model} group by 1"
        ).fetchall()
    return dict(found)


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("incremental_staging")
    raw = work / "raw"
    raw.mkdir()
    receipts, lines = raw / "pos_transactions.csv", raw / "pos_transaction_lines.csv"
    write(receipts, RECEIPT_COLUMNS, FIRST_RECEIPTS, "w")
    write(lines, LINE_COLUMNS, FIRST_LINES, "w")
    incremental = work / "incremental.duckdb"
    stage(raw, incremental, DAY_1)
    first = {
        "receipts": verdicts(incremental, MODELS[0], "receipt_no"),
        "lines": verdicts(incremental, MODELS[2], "receipt_no"),
    }
    write(receipts, RECEIPT_COLUMNS, SECOND_RECEIPTS, "a")
    write(lines, LINE_COLUMNS, SECOND_LINES, "a")
    log = stage(raw, incremental, DAY_2)
    full = work / "full.duckdb"
    stage(raw, full, DAY_2)
    again = work / "again.duckdb"
    again.write_bytes(incremental.read_bytes())
    rerun_log = stage(raw, again, DAY_2)
    return {
        "first": first,
        "incremental": incremental,
        "full": full,
        "again": again,
        "log": log,
        "rerun_log": rerun_log,
        "work": work,
    }


def test_first_load_verdicts(staged):
    receipts, lines = staged["first"]["receipts"], staged["first"]["lines"]
    assert receipts == {
        "R01": ["ok"],
        "R02": ["ok"],
        "R03": ["future_timestamp"],
        "R04": ["invalid_timestamp"],
    }
    assert lines["R03"] == ["parent_quarantined"]
    assert lines["R05"] == ["parent_quarantined"]


def test_second_load_was_incremental(staged):
    compiled = (
        staged["work"]
        / "incremental_dbt/target/compiled/huaxiang/models/staging/pos"
        / "stg_pos__transaction_lines_validated.sql"
    ).read_text(encoding="utf-8")
    assert "keys_to_restage" in compiled
    assert "restaging every row" not in staged["log"]


def test_second_load_lifts_and_ranks_verdicts(staged):
    receipts = verdicts(staged["incremental"], MODELS[0], "receipt_no")
    lines = verdicts(staged["incremental"], MODELS[2], "receipt_no")
    assert receipts["R03"] == ["ok"], "future_timestamp not rechecked on the later day"
    assert receipts["R02"] == ["ok", "duplicate_row"]
    assert receipts["R05"] == ["ok"] and receipts["R07"] == ["ok"]
    assert lines["R03"] == ["ok"], "line of a receipt no longer in the future"
    assert lines["R05"] == ["ok"], "orphan line whose receipt arrived later"
    assert lines["R06"] == ["parent_quarantined"]
    assert lines["R01"] == ["ok", "duplicate_row"]
    with duckdb.connect(str(staged["incremental"]), read_only=True) as connection:
        (store,) = connection.execute(
            "select store_id from staging.stg_pos__transactions "
            "where receipt_no = 'R02'"
        ).fetchone()
    assert store == "S0000", "the duplicate that ranks first is the one kept"


@pytest.mark.parametrize("model", [MODELS[0], MODELS[2]])
def test_incremental_staging_equals_a_full_rebuild(staged, model):
    assert rows(staged["incremental"], model) == rows(staged["full"], model)


def test_same_day_again_restages_every_row(staged):
    assert "restaging every row" in staged["rerun_log"]
    assert "same day built again" in staged["rerun_log"]
    for model in (MODELS[0], MODELS[2]):
        assert rows(staged["again"], model) == rows(staged["full"], model)


def test_table_staged_without_loaded_at_names_the_full_refresh(staged, tmp_path):
    """A warehouse staged before `_loaded_at` existed: a clear stop, no rows lost."""
    old = tmp_path / "old.duckdb"
    old.write_bytes(Path(staged["full"]).read_bytes())
    with duckdb.connect(str(old)) as connection:
        connection.execute(f"alter table staging.{MODELS[0]} drop column _loaded_at")
        (before,) = connection.execute(
            f"select count(*) from staging.{MODELS[0]}"
        ).fetchone()
    raw = Path(staged["work"]) / "raw"
    env = {
        "HUAXIANG_RAW_DIR": str(raw),
        "HUAXIANG_RAW_FORMAT": "csv",
        "HUAXIANG_DUCKDB_PATH": str(old),
        "HUAXIANG_AS_OF_DATE": "2026-07-03",
    }
    result = run_dbt(
        ["build", "--select", MODELS[0], "--exclude-resource-type", "test"],
        env,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{MODELS[0]}: the table" in output and "has no _loaded_at" in output
    assert f"dbt build --full-refresh --select {MODELS[0]}+" in output
    with duckdb.connect(str(old), read_only=True) as connection:
        (after,) = connection.execute(
            f"select count(*) from staging.{MODELS[0]}"
        ).fetchone()
    assert after == before
