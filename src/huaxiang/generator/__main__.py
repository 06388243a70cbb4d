"""Command line: write one industry's demo data and its ground truth.

    python -m huaxiang.generator --industry retail --customers 10000 --seed 42 \
        --out data --format csv

writes data/raw/<industry>/<table>.<csv|parquet> and data/truth/<industry>/*.csv.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from huaxiang.generator import INDUSTRIES
from huaxiang.generator.increment_cli import add_next_day_arguments, run_next_day
from huaxiang.generator.output import FORMATS, write_dataset

# About 5 GB of RAM per million persons; beyond ~5M a column outgrows one Arrow array.
MAX_CUSTOMERS = 5_000_000


def _positive_count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_CUSTOMERS:
        raise argparse.ArgumentTypeError(
            f"must be between 1 and {MAX_CUSTOMERS:,}, got {value:,}"
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse and validate command-line arguments (exits with a message when bad)."""
    parser = argparse.ArgumentParser(
        prog="python -m huaxiang.generator",
        description="Generate deterministic, messy multi-source demo data with ground "
        "truth. Same seed and size give byte-identical files.",
    )
    parser.add_argument(
        "--industry",
        choices=sorted(INDUSTRIES),
        default="retail",
        help="industry profile (default: retail)",
    )
    parser.add_argument(
        "--customers",
        type=_positive_count,
        default=10_000,
        metavar="N",
        help="number of true persons, at most 5,000,000 (default: 10000; "
        "1M takes ~1.5 min and ~5 GB RAM)",
    )
    parser.add_argument(
        "--seed", type=_seed, default=42, help="random seed, >= 0 (default: 42)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data"),
        help="output folder; raw/<industry>/ and truth/<industry>/ are replaced "
        "(default: data)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        dest="file_format",
        help="raw file format (default: csv); ground truth is always CSV",
    )
    add_next_day_arguments(parser)
    args = parser.parse_args(argv)
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} exists and is not a folder")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator; returns the process exit code."""
    args = parse_args(argv)
    if args.next_day:
        return run_next_day(args)
    started = time.perf_counter()
    print(
        f"generating {args.industry}: {args.customers:,} persons, seed {args.seed}, "
        f"{args.file_format} -> {args.out}",
        flush=True,
    )
    tables = INDUSTRIES[args.industry](args.customers, args.seed)
    counts = write_dataset(
        tables,
        args.out,
        args.industry,
        args.file_format,
        log=lambda line: print(line, flush=True),
    )
    elapsed = time.perf_counter() - started
    print(f"done: {len(counts)} tables in {elapsed:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
