"""The generator's --next-day: one more business day appended to existing raw files."""

from __future__ import annotations

import csv
import filecmp
import shutil
from pathlib import Path

import pytest

from huaxiang.generator import generate_tables
from huaxiang.generator.__main__ import main
from huaxiang.generator.increment import AS_OF_FILE, append_next_day, read_as_of_date
from huaxiang.generator.output import write_dataset

INDUSTRY = "retail"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def base_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("next_day_base")
    write_dataset(
        generate_tables(INDUSTRY, 400, 3).values(),
        out,
        INDUSTRY,
        "csv",
        log=lambda _: None,
    )
    return out


@pytest.fixture
def data(base_data: Path, tmp_path: Path) -> Path:
    shutil.copytree(base_data, tmp_path / "data")
    return tmp_path / "data"


def test_next_day_appends_rows_and_advances_the_as_of_date(data: Path):
    raw = data / "raw" / INDUSTRY
    before = {t: rows(raw / f"{t}.csv") for t in ("pos_transactions", "app_events")}
    first = append_next_day(data, INDUSTRY, "csv", seed=1, log=lambda _: None)
    assert first.as_of_date == "2026-07-01"
    assert (raw / AS_OF_FILE).read_text().strip() == "2026-07-01"
    receipts = rows(raw / "pos_transactions.csv")
    # Appended, not rewritten: the old rows are the file's first rows, unchanged.
    assert receipts[: len(before["pos_transactions"])] == before["pos_transactions"]
    new = receipts[len(before["pos_transactions"]) :]
    assert len(new) == first.rows["pos_transactions"] > 0
    days = {r["transacted_at"][:10] for r in new}
    assert "2026-07-01" in days
    assert days - {"2026-07-01"} <= {"2026-06-30", "2026-06-29"}, "late rows too late"
    # The base data holds duplicates on purpose (mess); the new keys are fresh.
    old_keys = {r["receipt_no"] for r in before["pos_transactions"]}
    fresh = [r["receipt_no"] for r in new]
    assert len(fresh) == len(set(fresh)) and not set(fresh) & old_keys
    lines = rows(raw / "pos_transaction_lines.csv")
    new_keys = {r["receipt_no"] for r in new}
    assert {r["receipt_no"] for r in lines} >= new_keys, "new receipts without lines"
    second = append_next_day(data, INDUSTRY, "csv", seed=1, log=lambda _: None)
    assert second.as_of_date == "2026-07-02"
    assert read_as_of_date(raw).isoformat() == "2026-07-02"


def test_next_day_changes_identities_and_records_their_truth(data: Path):
    raw = data / "raw" / INDUSTRY
    result = append_next_day(data, INDUSTRY, "csv", seed=1, log=lambda _: None)
    members = rows(raw / "crm_members.csv")
    card, mobile = result.linked_cards
    holder = next(m for m in members if m["member_card_no"] == card)
    other = next(m for m in members if m["mobile"] == mobile)
    assert holder["member_id"] != other["member_id"]
    truth = {(r["source_table"], r["record_id"]): r["person_id"] for r in
             rows(data / "truth" / INDUSTRY / "record_truth.csv")}  # fmt: skip
    assert (
        truth[("crm_members", holder["member_id"])]
        != truth[("crm_members", other["member_id"])]
    ), "the linking receipt should join two different persons"
    account = rows(raw / "ecom_accounts.csv")[-1]
    joined = next(m for m in members if m["mobile"] == account["phone"])
    assert (
        truth[("ecom_accounts", account["account_id"])]
        == truth[("crm_members", joined["member_id"])]
    )


def test_row_later_than_the_lookback_is_written_on_request(data: Path):
    result = append_next_day(
        data, INDUSTRY, "csv", seed=1, late_beyond_days=10, log=lambda _: None
    )
    receipts = rows(data / "raw" / INDUSTRY / "pos_transactions.csv")
    late = next(r for r in receipts if r["receipt_no"] == result.late_beyond_key)
    assert late["transacted_at"].startswith("2026-06-21")


def test_same_folder_and_seed_give_the_same_next_day(base_data: Path, tmp_path: Path):
    copies = []
    for name in ("a", "b"):
        shutil.copytree(base_data, tmp_path / name)
        append_next_day(tmp_path / name, INDUSTRY, "csv", seed=5, log=lambda _: None)
        copies.append(tmp_path / name / "raw" / INDUSTRY)
    files = sorted(p.name for p in copies[0].iterdir())
    _, mismatch, errors = filecmp.cmpfiles(copies[0], copies[1], files, shallow=False)
    assert not mismatch and not errors


def test_parquet_folders_get_the_next_day_too(base_data: Path, tmp_path: Path):
    import pyarrow.parquet as pq

    out = tmp_path / "pq"
    write_dataset(
        generate_tables(INDUSTRY, 400, 3).values(), out, INDUSTRY, "parquet",
        log=lambda _: None,
    )  # fmt: skip
    path = out / "raw" / INDUSTRY / "app_events.parquet"
    before = pq.read_metadata(path).num_rows
    result = append_next_day(out, INDUSTRY, "parquet", seed=1, log=lambda _: None)
    assert pq.read_metadata(path).num_rows == before + result.rows["app_events"]
    # The new rows form row groups of their own with the new day's _loaded_at, so a
    # reader filtering on it skips the old row groups by their statistics.
    metadata = pq.read_metadata(path)
    column = pq.read_schema(path).get_field_index("_loaded_at")
    loads = [
        (group.num_rows, group.column(column).statistics.min)
        for group in (metadata.row_group(i) for i in range(metadata.num_row_groups))
    ]
    days = [str(day) for _, day in loads]
    assert days == ["2026-06-30 23:00:00", "2026-07-01 23:00:00"]
    assert loads[1][0] == result.rows["app_events"]


def test_raw_rows_carry_when_they_were_loaded(data: Path):
    raw = data / "raw" / INDUSTRY
    before = len(rows(raw / "pos_transactions.csv"))
    loaded = {r["_loaded_at"] for r in rows(raw / "crm_members.csv")}
    assert loaded == {"2026-06-30 23:00:00"}, "initial load: the as-of date's evening"
    append_next_day(data, INDUSTRY, "csv", seed=1, log=lambda _: None)
    receipts = rows(raw / "pos_transactions.csv")
    assert {r["_loaded_at"] for r in receipts[:before]} == {"2026-06-30 23:00:00"}
    assert {r["_loaded_at"] for r in receipts[before:]} == {"2026-07-01 23:00:00"}


def test_cli_next_day_without_data_names_the_fix(tmp_path: Path, capsys):
    assert main(["--next-day", "--out", str(tmp_path)]) == 1
    assert "generate the data first" in capsys.readouterr().out
