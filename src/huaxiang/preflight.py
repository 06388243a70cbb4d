"""Check a folder of raw files against the input contract before dbt runs.

The contract is the column list of every source table in
models/staging/<source>/_<source>__sources.yml (docs/input_contract.md explains
each column). dbt would stop on the first bad file with a binder or CSV error
that names neither the file nor the fix; this check reads every file first and
reports every problem at once, each naming the file, the column or line, and
what to do. Row-level messiness (bad dates, amounts, phones ...) is not checked
here: staging parses it and quarantines unusable rows with a reason code.

    python -m huaxiang.preflight [--raw-dir DIR] [--format csv|parquet] [--industry X]

Exit status 0 when the folder can be built, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SOURCES_GLOB = "models/staging/*/_*__sources.yml"
CONTRACT_DOC = "docs/input_contract.md"
# Ragged rows are looked for in the whole file up to this size, then in the
# first part only (DuckDB's strict CSV mode still stops on the rest).
FULL_SCAN_BYTES = 64 * 1024 * 1024
MAX_LINES_LISTED = 5


@dataclass(frozen=True)
class Problem:
    """One reason the folder cannot be built as it is."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def industry_codes(repo: Path = REPO) -> set[str]:
    """The industry profiles (seeds/industries.csv)."""
    with (repo / "seeds" / "industries.csv").open(encoding="utf-8") as handle:
        return {row["industry_code"] for row in csv.DictReader(handle)}


def contract_columns(
    repo: Path = REPO, industry: str | None = None
) -> dict[str, list[str]]:
    """Source table -> declared columns, from every _<source>__sources.yml.

    Only sources read from the raw folder (those with an external_location) count;
    sources in a folder named after another industry (models/staging/finance/ ...)
    are disabled for this build and need no file.
    """
    industry = industry or os.environ.get("HUAXIANG_INDUSTRY", "retail")
    others = industry_codes(repo) - {industry}
    tables: dict[str, list[str]] = {}
    for path in sorted(repo.glob(SOURCES_GLOB)):
        if path.parent.name in others:
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in document.get("sources", []):
            config = source.get("config") or {}
            meta = {**(source.get("meta") or {}), **(config.get("meta") or {})}
            if "external_location" not in meta:
                continue  # not read from the raw folder (e.g. model_params)
            if industry not in meta.get("industries", [industry]):
                continue  # enabled for other industries only (meta industries)
            for table in source.get("tables", []):
                tables[table["name"]] = [c["name"] for c in table.get("columns", [])]
    if not tables:
        raise SystemExit(
            f"preflight: no source tables found under {repo / SOURCES_GLOB}"
        )
    return tables


def _header_problems(
    file_name: str, header: list[str], expected: list[str]
) -> list[Problem]:
    problems = []
    names = [name.strip() for name in header]
    duplicates = sorted({n for n in names if names.count(n) > 1 and n})
    if duplicates:
        problems.append(
            Problem(
                file_name,
                f"column(s) {', '.join(duplicates)} appear more than once in the "
                "header; keep one of each.",
            )
        )
    extra = [n for n in names if n not in expected]
    for column in expected:
        if column in names:
            continue
        if any(n.lower() == column for n in names):
            hint = f"the header has it in another case; rename it to '{column}'."
        else:
            close = difflib.get_close_matches(column, extra, n=1, cutoff=0.6)
            hint = (
                f"the header has '{close[0]}' instead: was it renamed? "
                f"Rename it to '{column}'."
                if close
                else f"add the column '{column}' (it may be empty)."
            )
        problems.append(
            Problem(file_name, f"required column '{column}' is missing; {hint}")
        )
    return problems


def _decode_problem(file_name: str, data: bytes) -> Problem | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(
            file_name,
            "the file is UTF-16; save it as UTF-8 "
            f"(iconv -f UTF-16 -t UTF-8 {file_name} > fixed.csv).",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(
            file_name,
            f"line {line} is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); the file looks like GBK/GB18030 or Latin-1. Convert "
            f"it: iconv -f GB18030 -t UTF-8 {file_name} > fixed.csv",
        )
    return None


def check_csv(
    path: Path, expected: list[str], scan_bytes: int = FULL_SCAN_BYTES
) -> list[Problem]:
    """Problems of one CSV file: empty, encoding, delimiter, header, ragged rows."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        return [
            Problem(
                name,
                "the file is empty (0 bytes); it needs a header row with the "
                f"columns {', '.join(expected)} and at least one data row.",
            )
        ]
    with path.open("rb") as handle:
        data = handle.read(scan_bytes)
        complete = not handle.read(1)
    if not complete:
        # Keep whole lines only; the UTF-8 check would trip on a cut character.
        data = data[: data.rfind(b"\n") + 1]
    decode_problem = _decode_problem(name, data)
    if decode_problem:
        return [decode_problem]
    text = data.decode("utf-8").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as error:
        return [Problem(name, f"the header cannot be read as CSV ({error}).")]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        return [
            Problem(
                name,
                "the header is one column holding ';', tab or '|': the file is "
                "not comma-separated. Export it with ',' as the delimiter.",
            )
        ]
    problems = _header_problems(name, header, expected)
    ragged: list[str] = []
    rows = 0
    try:
        for fields in reader:
            if not fields:
                continue  # blank line: not a row
            rows += 1
            if len(fields) != len(header) and len(ragged) < MAX_LINES_LISTED:
                ragged.append(
                    f"line {reader.line_num} has {len(fields)} fields, "
                    f"the header {len(header)}"
                )
    except csv.Error as error:
        if complete or "end of data" not in str(error):
            problems.append(
                Problem(
                    name,
                    f"CSV quoting breaks at line {reader.line_num} ({error}); "
                    "a field with a comma, quote or newline must be enclosed in "
                    'double quotes, with inner quotes doubled ("").',
                )
            )
    if ragged:
        problems.append(
            Problem(
                name,
                "; ".join(ragged) + ". A field holding a comma (e.g. 1,299.00) "
                "must be quoted; rows must have one field per header column.",
            )
        )
    if rows == 0 and not problems:
        problems.append(
            Problem(
                name,
                "the file has a header but no data rows; export the table's "
                "rows (every source needs at least one).",
            )
        )
    return problems


def check_parquet(path: Path, expected: list[str]) -> list[Problem]:
    """Problems of one Parquet file: unreadable, missing columns, no rows."""
    import duckdb

    try:
        with duckdb.connect() as connection:
            relation = connection.read_parquet(str(path))
            header = list(relation.columns)
            (rows,) = connection.execute(
                "select count(*) from read_parquet(?)", [str(path)]
            ).fetchone()
    except duckdb.Error as error:
        return [Problem(path.name, f"cannot be read as Parquet ({error}).")]
    problems = _header_problems(path.name, header, expected)
    if rows == 0:
        problems.append(Problem(path.name, "the file has no rows."))
    return problems


def check_folder(
    raw_dir: Path, file_format: str, repo: Path = REPO, industry: str | None = None
) -> list[Problem]:
    """Every problem of the folder, in table order (industry: HUAXIANG_INDUSTRY)."""
    if file_format not in ("csv", "parquet"):
        return [
            Problem(str(raw_dir), f"unknown format '{file_format}': csv or parquet")
        ]
    if not raw_dir.is_dir():
        return [
            Problem(
                str(raw_dir),
                "the folder does not exist; set HUAXIANG_RAW_DIR (or the dbt var "
                "raw_dir) to the folder holding your files.",
            )
        ]
    problems = []
    for table, columns in contract_columns(repo, industry).items():
        path = raw_dir / f"{table}.{file_format}"
        if not path.is_file():
            others = sorted(p.name for p in raw_dir.glob(f"{table}.*"))
            hint = f" (found {', '.join(others)}: set the format)" if others else ""
            problems.append(
                Problem(
                    path.name,
                    f"missing from {raw_dir}{hint}; every source table needs a "
                    f"file with the columns {', '.join(columns)}.",
                )
            )
            continue
        check = check_csv if file_format == "csv" else check_parquet
        problems += check(path, columns)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("HUAXIANG_RAW_DIR", "data/raw/retail"),
        type=Path,
    )
    parser.add_argument(
        "--format", default=os.environ.get("HUAXIANG_RAW_FORMAT", "csv")
    )
    parser.add_argument(
        "--industry", default=os.environ.get("HUAXIANG_INDUSTRY", "retail")
    )
    args = parser.parse_args(argv)
    print(
        f"preflight: checking {args.raw_dir} ({args.format}) against the "
        f"{args.industry} contract"
    )
    problems = check_folder(args.raw_dir, args.format, industry=args.industry)
    if not problems:
        print("preflight: every file has its columns and reads cleanly")
        return 0
    print(f"preflight: {len(problems)} problem(s) in {args.raw_dir}:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print(f"The columns of each file are listed in {CONTRACT_DOC}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
