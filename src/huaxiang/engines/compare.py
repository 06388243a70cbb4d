"""Row-by-row comparison of another engine's build with the DuckDB build.

The engines test builds the same raw files on DuckDB (the reference, with the
Python models: scipy identity, K-means fit) and on the other engine (portable
SQL identity, K-means scored from the exported parameters). Passing dbt tests
on both is not enough: this checks that they produce the same rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable
from pathlib import Path

import duckdb

# relation -> key columns. Together they cover parsing and quarantine
# (fct_quarantined_rows), identity and survivorship (dim_customers,
# fct_identity_evidence), orders, RFM and the K-means scoring.
COMPARED_RELATIONS = {
    "restricted.fct_quarantined_rows": ("quarantined_row_id",),
    "marts.fct_identity_evidence": ("evidence_id",),
    "marts.dim_customers": ("customer_id",),
    "marts.fct_orders": ("order_id",),
    "marts.dim_customer_rfm": ("customer_id",),
    "marts.dim_customer_clusters": ("customer_id",),
    # Customer models scored in SQL from the exported parameters, and the
    # model metrics carried over from the DuckDB fit.
    "marts.dim_customer_clv": ("customer_id",),
    "marts.dim_customer_churn_risk": ("customer_id",),
    "marts.fct_association_rules": ("antecedent_item", "consequent_item"),
    "marts.dim_customer_recommendations": ("customer_id", "recommendation_rank"),
    "marts.fct_model_metrics": ("model_name", "metric_name", "metric_detail"),
    # Tags, lifecycle and the metric center's marts.
    "marts.dim_customer_tag_inputs_retail": ("customer_id",),
    "marts.dim_customer_tags_retail": ("customer_id",),
    "marts.fct_customer_tags": ("customer_id", "tag_code"),
    "marts.dim_customer_lifecycle": ("customer_id",),
    "marts.fct_customer_months": ("customer_month_id",),
    "marts.fct_profile_migrations": ("migration_id",),
    # Report models generated from seeds and YAML (tag manual, metric
    # dictionary, model cards).
    "reports.rpt_tag_manual": ("industry", "tag_code"),
    "reports.rpt_metric_dictionary": ("metric_name",),
    "reports.rpt_model_cards": ("model_name",),
}
# Built from the snapshot, which needs a table format with MERGE: not on the
# local Spark (var spark_snapshot_file_format), so not compared there.
SNAPSHOT_RELATIONS = frozenset({"marts.fct_profile_migrations"})
# Finance sample (test --finance-customers, PostgreSQL): the credit score,
# scored in SQL from the exported scorecard, and the model metrics with the
# scorecard's evaluation rows.
FINANCE_RELATIONS = {
    "restricted.dim_customer_credit_score": ("customer_id",),
    "marts.fct_model_metrics": ("model_name", "metric_name", "metric_detail"),
}
RELATIVE_TOLERANCE = 1e-9
MAX_REPORTED = 5

Rows = dict[tuple, dict[str, object]]


def normalise(value: object) -> object:
    """One comparable form per value whatever the driver returned."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "isoformat") and hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().replace(tzinfo=None).isoformat(sep=" ")
    if hasattr(value, "item"):  # numpy scalars
        return normalise(value.item())
    return value


def keyed_rows(columns: list[str], records: list[tuple], keys: tuple[str, ...]) -> Rows:
    names = [column.lower() for column in columns]
    rows: Rows = {}
    for record in records:
        row = {
            name: normalise(value) for name, value in zip(names, record, strict=True)
        }
        rows[tuple(row[key] for key in keys)] = row
    return rows


def equal(left: object, right: object) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, bool) or isinstance(right, bool):
            return left == right
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    return left == right


def differences(
    relation: str, reference: Rows, engine: Rows, engine_name: str
) -> list[str]:
    """Readable differences: missing/extra keys, columns, differing values."""
    problems = []
    only_reference = sorted(set(reference) - set(engine), key=str)
    only_engine = sorted(set(engine) - set(reference), key=str)
    if only_reference:
        problems.append(
            f"{relation}: {len(only_reference)} rows only on duckdb, e.g. "
            f"{only_reference[:MAX_REPORTED]}"
        )
    if only_engine:
        problems.append(
            f"{relation}: {len(only_engine)} rows only on {engine_name}, e.g. "
            f"{only_engine[:MAX_REPORTED]}"
        )
    shown = 0
    for key in sorted(set(reference) & set(engine), key=str):
        left, right = reference[key], engine[key]
        if set(left) != set(right):
            problems.append(
                f"{relation}: columns differ: duckdb {sorted(left)}, "
                f"{engine_name} {sorted(right)}"
            )
            break
        for column in left:
            if not equal(left[column], right[column]):
                problems.append(
                    f"{relation} {key} {column}: duckdb {left[column]!r}, "
                    f"{engine_name} {right[column]!r}"
                )
                shown += 1
                break
        if shown >= MAX_REPORTED:
            problems.append(f"{relation}: (more differences not shown)")
            break
    return problems


def reference_rows(
    db_path: Path, relation: str, keys: tuple[str, ...] | None = None
) -> Rows:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        cursor = connection.execute(f"select * from {relation}")
        columns = [item[0] for item in cursor.description]
        return keyed_rows(
            columns, cursor.fetchall(), keys or COMPARED_RELATIONS[relation]
        )


def compare_with_reference(
    db_path: Path,
    fetch: Callable[[str], tuple[list[str], list[tuple]]],
    engine_name: str,
    skip: frozenset[str] = frozenset(),
    relations: dict[str, tuple[str, ...]] | None = None,
    require_rows: bool = False,
) -> list[str]:
    """Compare every relation (default COMPARED_RELATIONS) but `skip`;
    fetch(relation) gives (columns, records). With require_rows an empty
    reference is a problem too: equal empty tables prove nothing."""
    problems = []
    for relation, keys in (relations or COMPARED_RELATIONS).items():
        if relation in skip:
            print(f"[engines] compare {relation}: not built on {engine_name}")
            continue
        reference = reference_rows(db_path, relation, keys)
        if require_rows and not reference:
            problems.append(
                f"{relation}: no rows on duckdb, so the comparison proves "
                "nothing; use more customers"
            )
        columns, records = fetch(relation)
        engine = keyed_rows(columns, records, keys)
        found = differences(relation, reference, engine, engine_name)
        status = "same" if not found else f"{len(found)} difference(s)"
        print(
            f"[engines] compare {relation}: {len(reference):,} rows on duckdb, "
            f"{len(engine):,} on {engine_name}: {status}",
            flush=True,
        )
        problems.extend(found)
    return problems
