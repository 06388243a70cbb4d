"""The publish gate over the Great Expectations results of the build.

The suites run inside `dbt build` (python_models/marts/quality/
fct_quality_expectations_evaluated.py, rules in seeds/quality_expectations.csv);
`python -m huaxiang.quality` (make quality) reads their results read-only and
stops the publish step with the failing critical expectations named.
"""

from __future__ import annotations

import pandas as pd

RESULT_COLUMNS = [
    "expectation_id",
    "table_name",
    "expectation_type",
    "column_name",
    "is_critical",
    "is_success",
    "element_count",
    "unexpected_count",
    "unexpected_percent",
    "observed_value",
    "description_zh",
    "description_en",
]


def gate_message(results: pd.DataFrame) -> str | None:
    """The message that stops publishing, or None when every critical check passed."""
    failed = results[results["is_critical"] & ~results["is_success"]]
    if failed.empty:
        return None
    lines = [
        f"{len(failed)} critical data-quality expectation(s) failed; the report "
        "site is not published:"
    ]
    for row in failed.itertuples():
        where = (
            f"{row.table_name}.{row.column_name}" if row.column_name else row.table_name
        )
        count = (
            f", {row.unexpected_count} of {row.element_count} rows unexpected"
            if pd.notna(row.unexpected_count)
            else f", observed {row.observed_value}"
        )
        lines.append(
            f"  - {row.expectation_id} ({where}: {row.expectation_type}{count}): "
            f"{row.description_en} / {row.description_zh}"
        )
    lines.append(
        "Fix the data or the rule in seeds/quality_expectations.csv, rebuild, and "
        "see reports.rpt_quality_expectations for every result."
    )
    return "\n".join(lines)
