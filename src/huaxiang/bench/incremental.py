"""Incremental refresh measurement (1% new rows).

Detects the generator's `--next-day` option (README "Incremental refresh"),
which appends about 1% new rows to a data folder and moves its business date
to `as_of_date.txt`; the bench then times one `dbt build --selector
daily_refresh` at that date on the full build's warehouse: the daily refresh
as `make refresh REFRESH_ARGS="--selector daily_refresh"` runs it (no refits, no
unit tests; selectors.yml). Without the option the bench records
`incremental_s: null` and the reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GENERATOR_OPTION = "--next-day"
REFRESH_SELECTOR = "daily_refresh"


def detect_support(repo_root: Path) -> tuple[bool, str]:
    """(supported, reason): does the project have an incremental refresh?"""
    makefile = repo_root / "Makefile"
    has_target = makefile.exists() and any(
        line.startswith("refresh:") for line in makefile.read_text().splitlines()
    )
    help_text = subprocess.run(
        [sys.executable, "-m", "huaxiang.generator", "--help"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    has_option = GENERATOR_OPTION in help_text
    if has_option:
        return True, f"generator has {GENERATOR_OPTION}"
    if has_target:
        return False, (
            f"a `make refresh` target exists but the generator has no "
            f"{GENERATOR_OPTION} option to append 1% new rows: adapt "
            "huaxiang.bench.incremental.next_day_command"
        )
    return False, (
        "incremental refresh (issue 5) is not in this branch: no `make refresh` "
        f"target and no generator {GENERATOR_OPTION} option"
    )


def next_day_command(
    customers: int, seed: int, data_format: str, out: Path
) -> list[str]:
    """Generator call that appends the next day's rows (about 1% new rows)."""
    return [
        sys.executable,
        "-m",
        "huaxiang.generator",
        "--industry",
        "retail",
        "--customers",
        str(customers),
        "--seed",
        str(seed),
        "--format",
        data_format,
        "--out",
        str(out),
        GENERATOR_OPTION,
        "--fraction",
        "0.01",
    ]


def build_args() -> list[str]:
    """The dbt arguments of the timed incremental build."""
    return ["build", "--fail-fast", "--selector", REFRESH_SELECTOR]


def next_as_of_date(raw_dir: Path) -> str:
    """The business date the generator's --next-day wrote for ``raw_dir``."""
    stamp = raw_dir / "as_of_date.txt"
    if not stamp.is_file():
        raise FileNotFoundError(f"{stamp}: generator --next-day wrote no as-of date")
    return stamp.read_text(encoding="utf-8").strip()
