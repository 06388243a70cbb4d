"""Command line: python -m huaxiang.audiences export [--db DB] [--out DIR]."""

from __future__ import annotations

import argparse
from pathlib import Path

from huaxiang.audiences.export import export_audiences


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m huaxiang.audiences")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="audience files per channel + manifest")
    export.add_argument("--db", type=Path, default=Path("target/huaxiang.duckdb"))
    export.add_argument("--out", type=Path, default=Path("target/exports"))
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} not found: run `make build` first")
    export_audiences(args.db, args.out)


if __name__ == "__main__":
    main()
