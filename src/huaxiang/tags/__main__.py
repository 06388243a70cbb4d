"""``python -m huaxiang.tags [--check]``: write or check what the catalog generates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from huaxiang.tags.catalog import REPO, CatalogError, stale_files, write_generated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m huaxiang.tags",
        description="Generate the tag wide-mart YAML from seeds/tag_catalog.csv.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a generated file is stale",
    )
    parser.add_argument("--repo", type=Path, default=REPO, help="project folder")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_files(args.repo)
            for path in stale:
                print(f"stale: {path} (run `make tags`)", file=sys.stderr)
            return 1 if stale else 0
        for path in write_generated(args.repo):
            print(f"tags: wrote {path}")
    except CatalogError as error:
        print(f"tag catalog error:\n{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
