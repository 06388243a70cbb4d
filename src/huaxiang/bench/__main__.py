"""Command line: `python -m huaxiang.bench --customers N` (`make bench`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from huaxiang.bench.run import BenchConfig, run_bench, run_identity_only
from huaxiang.bench.stress import DEFAULT_CHAIN_LENGTHS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m huaxiang.bench",
        description="Generate retail data at a scale, build it and measure "
        "(target/bench/results.json and results.md).",
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--work-dir", type=Path, default=Path("target/bench"))
    parser.add_argument(
        "--chains",
        default=",".join(str(n) for n in DEFAULT_CHAIN_LENGTHS),
        help="stress graph chain lengths, comma-separated "
        "(default: 20 x 1,000, 5 x 10,000, 1 x 100,000)",
    )
    parser.add_argument(
        "--only",
        choices=["identity"],
        help="run one part on the warehouse an earlier run left in --work-dir "
        "(identity: both resolvers and scipy on the built graph and the stress graph)",
    )
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error(f"--customers must be at least 1, got {args.customers}")
    try:
        chains = tuple(int(n) for n in args.chains.split(",") if n.strip())
    except ValueError:
        parser.error(
            f"--chains must be whole numbers separated by commas: {args.chains}"
        )
    if not chains or min(chains) < 1:
        parser.error(f"--chains needs lengths of at least 1, got {args.chains}")
    config = BenchConfig(
        customers=args.customers,
        seed=args.seed,
        data_format=args.format,
        work_dir=args.work_dir.resolve(),
        chain_lengths=chains,
    )
    try:
        if args.only == "identity":
            run_identity_only(config)
        else:
            run_bench(config)
    except (RuntimeError, KeyError, FileNotFoundError, ValueError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
