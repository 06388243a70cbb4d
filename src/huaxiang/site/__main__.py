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
    parser.add_argument(
        "--dbt-docs",
        type=Path,
        default=Path("target/dbt-docs/index.html"),
        help="single-file dbt docs to link from the About page (`make docs`); "
        "not copied into the site (default: target/dbt-docs/index.html)",
    )
    args = parser.parse_args(argv)
    if not args.dbt_docs.is_file():
        print(
            f"note: {args.dbt_docs} not found: run `make docs` to link the dbt docs",
            file=sys.stderr,
        )
    try:
        result = build_site(
            args.db,
            args.out,
            k_min=args.k_min,
            reports_dir=args.reports,
            log=print,
            dbt_docs=args.dbt_docs,
        )
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(result.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
