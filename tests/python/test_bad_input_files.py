"""File-level bad input: problems that must stop a build early and clearly.

Each case breaks one file of a copy of tests/fixtures/byod_retail and expects
the preflight check (`make check-input`, run by `make build`) to fail with a
message naming the file and the column or line and saying what to do. One dbt
run then proves dbt itself stops with a clear message too (for users who run
dbt directly): on a missing column, and on a row with too many fields late in
a file (DuckDB used to drop the extra field silently: strict_mode was false).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, REPO

from huaxiang import preflight

BASE_FIXTURE = REPO / "tests" / "fixtures" / "byod_retail"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(BASE_FIXTURE, target)
    return target


def rewrite(folder: Path, table: str, change: Callable[[str], str]) -> None:
    path = folder / f"{table}.csv"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def write_bytes(folder: Path, table: str, data: bytes) -> None:
    (folder / f"{table}.csv").write_bytes(data)


def problems_of(folder: Path, file_format: str = "csv") -> list[str]:
    return [str(p) for p in preflight.check_folder(folder, file_format)]


def only_problem(folder: Path) -> str:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return problems[0]


def test_clean_fixture_passes(folder: Path):
    assert problems_of(folder) == []


def test_bom_crlf_and_extra_column_pass(folder: Path):
    rewrite(folder, "crm_members", lambda t: "\ufeff" + t.replace("\n", "\r\n"))
    rewrite(
        folder,
        "products",
        lambda t: "\n".join(line + ",x" for line in t.splitlines()) + "\n",
    )
    assert problems_of(folder) == []


def test_empty_file(folder: Path):
    write_bytes(folder, "pos_stores", b"")
    message = only_problem(folder)
    assert message.startswith("pos_stores.csv: the file is empty")
    assert "store_id" in message


def test_header_only_file(folder: Path):
    rewrite(folder, "products", lambda t: t.splitlines()[0] + "\n")
    assert only_problem(folder).startswith("products.csv: the file has a header but no")


def test_missing_column(folder: Path):
    # The last column dropped from the header and from every row.
    rewrite(
        folder,
        "ecom_accounts",
        lambda t: "\n".join(line.rsplit(",", 1)[0] for line in t.splitlines()) + "\n",
    )
    message = only_problem(folder)
    assert message.startswith(
        "ecom_accounts.csv: required column 'bound_member_card_no'"
    )
    assert "add the column" in message


def test_renamed_column_is_named_with_its_new_name(folder: Path):
    rewrite(folder, "crm_members", lambda t: t.replace(",mobile,", ",mobile_no,", 1))
    message = only_problem(folder)
    assert "'mobile' is missing" in message and "'mobile_no'" in message
    assert message.startswith("crm_members.csv")


def test_column_in_other_case(folder: Path):
    rewrite(folder, "app_events", lambda t: t.replace("event_at", "Event_At", 1))
    assert "another case" in only_problem(folder)


def test_duplicated_header_column(folder: Path):
    rewrite(folder, "pos_stores", lambda t: t.replace("opened_date", "city", 1))
    problems = problems_of(folder)
    assert any("'city' appear" in p or "city appear" in p for p in problems), problems
    assert any("'opened_date' is missing" in p for p in problems), problems


def test_gbk_file(folder: Path):
    text = (BASE_FIXTURE / "crm_members.csv").read_text(encoding="utf-8")
    write_bytes(folder, "crm_members", text.encode("gb18030"))
    message = only_problem(folder)
    assert message.startswith("crm_members.csv: line 2 is not UTF-8")
    assert "iconv -f GB18030" in message


def test_mixed_encodings_name_the_first_bad_line(folder: Path):
    lines = (BASE_FIXTURE / "crm_members.csv").read_text(encoding="utf-8").splitlines()
    data = "\n".join(lines[:5]).encode() + b"\n" + "\n".join(lines[5:]).encode("gbk")
    write_bytes(folder, "crm_members", data + b"\n")
    assert only_problem(folder).startswith("crm_members.csv: line 6 is not UTF-8")


def test_utf16_file(folder: Path):
    text = (BASE_FIXTURE / "products.csv").read_text(encoding="utf-8")
    write_bytes(folder, "products", text.encode("utf-16"))
    assert "UTF-16" in only_problem(folder)


def test_semicolon_delimited_file(folder: Path):
    rewrite(folder, "pos_stores", lambda t: t.replace(",", ";"))
    assert "not comma-separated" in only_problem(folder)


def test_unquoted_comma_in_amount(folder: Path):
    rewrite(folder, "products", lambda t: t.replace("129.00", "1,129.00", 1))
    message = only_problem(folder)
    assert message.startswith("products.csv: line 2 has 7 fields, the header 6")
    assert "quoted" in message


def test_row_with_too_few_fields(folder: Path):
    rewrite(folder, "pos_stores", lambda t: t + "S0003,短行\n")
    assert "line 4 has 2 fields, the header 5" in only_problem(folder)


def test_unterminated_quote(folder: Path):
    rewrite(folder, "products", lambda t: t.replace("坚果礼盒", '"坚果礼盒', 1))
    assert "CSV quoting breaks" in only_problem(folder)


def test_missing_file_and_wrong_format(folder: Path):
    (folder / "app_events.csv").unlink()
    (folder / "products.csv").rename(folder / "products.parquet")
    problems = problems_of(folder)
    assert len(problems) == 2, problems
    assert problems[0].startswith("app_events.csv: missing from")
    assert "found products.parquet: set the format" in problems[1]


def test_missing_folder(tmp_path: Path):
    problems = problems_of(tmp_path / "nowhere")
    assert len(problems) == 1 and "HUAXIANG_RAW_DIR" in problems[0]


def test_parquet_folder_missing_column_and_typed_columns(tmp_path: Path):
    # Typed Parquet columns (integers, doubles, timestamps) are fine: staging
    # reads every column as text. A missing one is named.
    folder = tmp_path / "parquet"
    folder.mkdir()
    with duckdb.connect() as connection:
        for path in sorted(BASE_FIXTURE.glob("*.csv")):
            select = f"select * from read_csv('{path}', all_varchar = true)"
            if path.stem == "products":
                select = (
                    f"select * exclude (brand, list_price), "
                    f"cast(list_price as double) as list_price from ({select})"
                )
            connection.execute(
                f"copy ({select}) to '{folder / path.stem}.parquet' (format parquet)"
            )
    problems = [str(p) for p in preflight.check_folder(folder, "parquet")]
    assert problems == [
        "products.parquet: required column 'brand' is missing; "
        "add the column 'brand' (it may be empty)."
    ]


def test_command_line_exit_status_and_message(folder: Path):
    rewrite(folder, "crm_members", lambda t: t.replace(",email,", ",e_mail,", 1))
    result = subprocess.run(
        [sys.executable, "-m", "huaxiang.preflight", "--raw-dir", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 1
    assert "crm_members.csv: required column 'email' is missing" in result.stderr
    assert "'e_mail'" in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "huaxiang.preflight", "--raw-dir", str(BASE_FIXTURE)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert ok.returncode == 0, ok.stderr


def test_dbt_itself_names_the_file_and_column_and_stops_on_ragged_rows(folder: Path):
    rewrite(folder, "crm_members", lambda t: t.replace(",mobile,", ",mobile_no,", 1))
    # Past DuckDB's sniffing sample (20,480 rows) a row with an extra field was
    # read with the field dropped, silently, under strict_mode = false.
    header, *rows = (BASE_FIXTURE / "products.csv").read_text("utf-8").splitlines()
    many = [f"P{n:06d},商品{n},食品,零食,牌子,10.00" for n in range(10, 25_010)]
    late_ragged = "P999999,坏行,食品,零食,牌子,1,299.00"
    rewrite(
        folder, "products", lambda _: "\n".join([header, *many, late_ragged]) + "\n"
    )
    result = subprocess.run(
        [
            str(DBT),
            "run",
            "-s",
            "stg_crm__members_validated",
            "stg_merch__products_validated",
        ],
        cwd=REPO,
        env={
            **os.environ,
            "DBT_PROFILES_DIR": str(REPO),
            "HUAXIANG_RAW_DIR": str(folder),
            "HUAXIANG_DUCKDB_PATH": str(folder.parent / "files.duckdb"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout
    assert result.returncode != 0
    assert f"Raw file {folder}/crm_members.csv" in output, output[-3000:]
    assert "lacks the required column(s): mobile." in output
    assert "mobile_no (renamed?)" in output
    assert "Expected Number of Columns: 6 Found: 7" in output, output[-3000:]


def test_large_file_is_checked_in_its_first_part(folder: Path):
    # Past scan_bytes only whole lines are checked (a multi-byte character cut
    # at the limit is no error); DuckDB's strict mode guards the rest.
    path = folder / "products.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    rows = [f"P{n:06d},婴儿纸尿裤{n},母婴,纸尿裤,好孩子,129.00" for n in range(2000)]
    path.write_text(
        "\n".join([header, *rows, "P9,late,row,with,too,many,fields"]) + "\n"
    )
    columns = preflight.contract_columns()["products"]
    assert preflight.check_csv(path, columns, scan_bytes=10_001) == []
    problems = [str(p) for p in preflight.check_csv(path, columns)]
    assert problems and "line 2002 has 7 fields" in problems[0]
