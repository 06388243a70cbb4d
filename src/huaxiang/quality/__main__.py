"""`python -m huaxiang.quality --db target/huaxiang.duckdb`: the publish gate.

Reads the Great Expectations results the build wrote
(reports.rpt_quality_expectations) read-only, prints a summary, and exits 1
with the failing critical expectations named when any failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from huaxiang.quality import RESULT_COLUMNS, gate_message

RESULTS_TABLE = "reports.rpt_quality_expectations"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("target/huaxiang.duckdb"))
    args = parser.parse_args(argv)
    try:
        with duckdb.connect(str(args.db), read_only=True) as connection:
            results = connection.execute(
                f"select {', '.join(RESULT_COLUMNS)} from {RESULTS_TABLE}"
            ).df()
    except duckdb.Error as error:
        print(
            f"quality: cannot read {RESULTS_TABLE} from {args.db} ({error}); "
            "run `make build` first.",
            file=sys.stderr,
        )
        return 1
    passed = int(results["is_success"].sum())
    print(
        f"quality: {passed} of {len(results)} expectations passed "
        f"({int((~results['is_success'] & ~results['is_critical']).sum())} "
        "non-critical failed)"
    )
    message = gate_message(results)
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
