"""``python -m huaxiang.metrics <args>``: the ``mf`` CLI with its update check off."""

from __future__ import annotations

import sys

import update_checker


def _no_update_check(self, package_name, package_version, **extra_data):  # noqa: ARG001
    return None


def main() -> int:
    # mf asks PyPI for a newer version on every start: keep run time offline.
    update_checker.UpdateChecker.check = _no_update_check
    from dbt_metricflow.cli.main import cli

    sys.argv[0] = "mf"
    return cli()


if __name__ == "__main__":
    sys.exit(main())
