"""Command line: ``python -m huaxiang.site --db <file.duckdb> --out <folder>``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from huaxiang.site.errors import BuildError
from huaxiang.site.render import build_site


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m huaxiang.site",
        description="Build the static persona report site (zh and en) from the "
        "DuckDB warehouse, read-only.",
    )
    parser.add_argument(
        "--db", type=Path, default=Path("target/huaxiang.duckdb"), help="DuckDB file"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("target/site"), help="output folder"
    )
    parser.add_argument(
        "--k-min",
        type=int,
        default=10,
        help="hide groups with fewer customers than this (default 10)",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=None,
        help="folder with pages/, templates/ and assets/ (default: ./reports)",
    )
    args = parser.parse_args(argv)
    try:
        result = build_site(
            args.db, args.out, k_min=args.k_min, reports_dir=args.reports, log=print
        )
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(result.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
