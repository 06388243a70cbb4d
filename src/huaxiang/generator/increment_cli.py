"""The generator's --next-day options (see increment.py); kept apart from __main__."""

from __future__ import annotations

import argparse
import time

from huaxiang.generator.increment import append_next_day


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {value}")
    return value


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def add_next_day_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `--next-day` (append one business day to existing raw files)."""
    group = parser.add_argument_group(
        "next day", "append one more business day to the raw files in --out"
    )
    group.add_argument(
        "--next-day",
        action="store_true",
        help="append the next day (about --fraction new rows, late rows, identity "
        "changes) to <out>/raw/<industry>/ and advance its as_of_date.txt",
    )
    group.add_argument(
        "--fraction",
        type=_share,
        default=0.01,
        help="new rows as a share of existing receipts, orders, events (default 0.01)",
    )
    group.add_argument(
        "--late-max-days",
        type=_days,
        default=2,
        help="late rows are dated up to this many days before the new day (default 2)",
    )
    group.add_argument(
        "--late-beyond-days",
        type=_days,
        default=None,
        metavar="N",
        help="also write one receipt dated N days before the new day (to show a row "
        "later than the dbt lookback being reported)",
    )


def run_next_day(args: argparse.Namespace) -> int:
    """Append the next day; returns the process exit code."""
    started = time.perf_counter()
    try:
        append_next_day(
            args.out,
            industry=args.industry,
            file_format=args.file_format,
            seed=args.seed,
            fraction=args.fraction,
            late_max_days=args.late_max_days,
            late_beyond_days=args.late_beyond_days,
            log=lambda line: print(line, flush=True),
        )
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", flush=True)
        return 1
    print(f"done in {time.perf_counter() - started:.1f} s", flush=True)
    return 0
