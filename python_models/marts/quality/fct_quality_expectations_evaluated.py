"""Great Expectations suites over staged sources and marts (fit for the site).

The expectations are data: seeds/quality_expectations.csv, one row per
expectation (table, GX expectation type, column, keyword arguments as JSON,
whether it is critical, a description in zh and en). This model loads the
columns each table's rules need as pandas DataFrames and runs one GX
checkpoint per table with GX's pandas datasource (its SQL datasource fails on
DuckDB). One row per expectation comes out; fct_quality_expectations exposes
it with a contract, rpt_quality_expectations feeds the data-quality page, and
`make quality` (python -m huaxiang.quality) stops publishing the site when a
critical expectation failed.
"""

from __future__ import annotations

import json
import logging
from typing import Any, NamedTuple

import pandas as pd

SEED = "seeds/quality_expectations.csv"
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
# Tables validated; dbt needs every ref() spelled out in the code.
STAGED = ("stg_crm__members", "stg_pos__transactions", "stg_ecom__orders")
MARTS = ("dim_customers", "fct_orders", "dim_customer_rfm")
RECONCILIATION = "order_reconciliation"
# Frames computed from the identity marts (see identity_frames).
IDENTITY_CLUSTERS = "identity_clusters"
REFUSED_IDENTIFIERS = "refused_identifiers"
DERIVED = (RECONCILIATION, IDENTITY_CLUSTERS, REFUSED_IDENTIFIERS)


class QualityConfigError(ValueError):
    """A row of the expectations seed cannot be used."""


class Rule(NamedTuple):
    # A NamedTuple, not a dataclass: dbt runs this file outside sys.modules,
    # where dataclasses fail.
    expectation_id: str
    table_name: str
    expectation_type: str
    column_name: str | None
    kwargs: dict[str, Any]
    is_critical: bool
    description_zh: str
    description_en: str


def expectation_class(expectation_type: str):
    """GX class of a snake_case type (expect_column_x -> ExpectColumnX)."""
    import great_expectations as gx

    name = "".join(part.capitalize() for part in expectation_type.split("_"))
    cls = getattr(gx.expectations, name, None)
    if cls is None:
        raise QualityConfigError(
            f"{SEED}: unknown expectation type '{expectation_type}'; use a "
            "Great Expectations 1.x core expectation such as "
            "expect_column_values_to_be_unique"
        )
    return cls


def _is_true(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "1", "t", "yes")


def load_rules(frame: pd.DataFrame, tables: set[str]) -> list[Rule]:
    """Rules from the seed's rows; errors name the row and the fix."""
    rules = []
    for row in frame.to_dict("records"):
        rule_id = str(row["expectation_id"])
        where = f"{SEED} row '{rule_id}'"
        if row["table_name"] not in tables:
            raise QualityConfigError(
                f"{where}: table '{row['table_name']}' is not validated; use one of "
                f"{sorted(tables)} (or add it to the Python model's tables)"
            )
        try:
            kwargs = json.loads(row["kwargs_json"] or "{}")
        except json.JSONDecodeError as error:
            raise QualityConfigError(
                f"{where}: kwargs_json is not JSON ({error})"
            ) from error
        try:
            expectation_class(row["expectation_type"])
        except QualityConfigError as error:
            raise QualityConfigError(f"{where}: {error}") from error
        column = row.get("column_name")
        column = None if column is None or pd.isna(column) or column == "" else column
        rules.append(
            Rule(
                expectation_id=rule_id,
                table_name=row["table_name"],
                expectation_type=row["expectation_type"],
                column_name=column,
                kwargs=kwargs,
                is_critical=_is_true(row["is_critical"]),
                description_zh=row["description_zh"],
                description_en=row["description_en"],
            )
        )
    ids = [r.expectation_id for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QualityConfigError(f"{SEED}: expectation_id repeated: {duplicates}")
    return rules


def columns_needed(rules: list[Rule], table: str) -> list[str]:
    """Columns of a table the rules read (column and column_A/B arguments)."""
    columns: list[str] = []
    for rule in rules:
        if rule.table_name != table:
            continue
        for name in (
            rule.column_name,
            rule.kwargs.get("column_A"),
            rule.kwargs.get("column_B"),
        ):
            if name and name not in columns:
                columns.append(name)
    return columns


def _observed(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def validate_tables(frames: dict[str, pd.DataFrame], rules: list[Rule]) -> pd.DataFrame:
    """Run one GX checkpoint per table; one result row per rule."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    datasource = context.data_sources.add_pandas("huaxiang")
    by_id = {rule.expectation_id: rule for rule in rules}
    rows = []
    for table in sorted({rule.table_name for rule in rules}):
        if table not in frames:
            raise QualityConfigError(f"{SEED}: no data frame for table '{table}'")
        suite = context.suites.add(gx.ExpectationSuite(name=table))
        for rule in (r for r in rules if r.table_name == table):
            arguments = dict(rule.kwargs)
            if rule.column_name:
                arguments["column"] = rule.column_name
            try:
                expectation = expectation_class(rule.expectation_type)(
                    **arguments, meta={"expectation_id": rule.expectation_id}
                )
            except (TypeError, ValueError) as error:
                raise QualityConfigError(
                    f"{SEED} row '{rule.expectation_id}': bad arguments for "
                    f"{rule.expectation_type}: {error}"
                ) from error
            suite.add_expectation(expectation)
        batch = datasource.add_dataframe_asset(name=table)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=table,
                data=batch.add_batch_definition_whole_dataframe("all_rows"),
                suite=suite,
            )
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"huaxiang_{table}",
                validation_definitions=[definition],
                result_format="SUMMARY",
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[table]})
        for validation in result.run_results.values():
            for outcome in validation.results:
                rule = by_id[outcome.expectation_config.meta["expectation_id"]]
                detail = outcome.result or {}
                rows.append(
                    {
                        "expectation_id": rule.expectation_id,
                        "table_name": rule.table_name,
                        "expectation_type": rule.expectation_type,
                        "column_name": rule.column_name,
                        "is_critical": rule.is_critical,
                        "is_success": bool(outcome.success),
                        "element_count": detail.get("element_count"),
                        "unexpected_count": detail.get("unexpected_count"),
                        "unexpected_percent": detail.get("unexpected_percent"),
                        "observed_value": _observed(detail.get("observed_value")),
                        "description_zh": rule.description_zh,
                        "description_en": rule.description_en,
                    }
                )
    results = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for column in ("element_count", "unexpected_count"):
        results[column] = results[column].astype("Int64")
    results["unexpected_percent"] = results["unexpected_percent"].astype("Float64")
    return results.sort_values("expectation_id", ignore_index=True)


def to_pandas(relation, columns: list[str]) -> pd.DataFrame:
    """The needed columns of a relation (DuckDB, Snowpark or Spark) as pandas."""
    columns = [f'"{c}"' for c in columns] or ["1 as row_marker"]
    if hasattr(relation, "project"):  # DuckDB: load only these columns
        return relation.project(", ".join(columns)).df()
    for method in ("to_pandas", "toPandas"):
        if hasattr(relation, method):
            return getattr(relation, method)()
    raise TypeError(f"Cannot convert {type(relation).__name__} to pandas")


def row_count(relation) -> int:
    if hasattr(relation, "aggregate"):
        return int(relation.aggregate("count(*)").fetchall()[0][0])
    return len(to_pandas(relation, []))


def identity_frames(
    identity_records: pd.DataFrame, evidence: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Identity-graph checks as frames: records per resolved customer (the
    cluster-size alarm) and the identifier values identity resolution refused
    (placeholders, shared values), which must link nothing."""
    known = identity_records[~identity_records["is_anonymous"].astype(bool)]
    clusters = known.groupby("customer_id").size().rename("records").reset_index()
    refused = evidence[evidence["exclusion_reason"].notna()]
    return {
        IDENTITY_CLUSTERS: clusters[["records"]],
        REFUSED_IDENTIFIERS: refused[["exclusion_reason", "links_records"]].reset_index(
            drop=True
        ),
    }


def identity_frames_from(
    records_relation, evidence_relation
) -> dict[str, pd.DataFrame]:
    """identity_frames from the two identity marts. On DuckDB the filter and
    the count per customer run in the database (1M customers: ~6M record rows
    stay out of pandas); elsewhere the needed columns go through pandas."""
    if hasattr(records_relation, "aggregate") and hasattr(evidence_relation, "filter"):
        clusters = (
            records_relation.filter("not is_anonymous")
            .aggregate("customer_id, count(*) as records", "customer_id")
            .project("records")
            .df()
        )
        refused = (
            evidence_relation.filter("exclusion_reason is not null")
            .project("exclusion_reason, links_records")
            .df()
        )
        return {IDENTITY_CLUSTERS: clusters, REFUSED_IDENTIFIERS: refused}
    return identity_frames(
        to_pandas(records_relation, ["customer_id", "is_anonymous"]),
        to_pandas(evidence_relation, ["exclusion_reason", "links_records"]),
    )


def model(dbt, session):
    dbt.config(materialized="table")
    relations = {
        "stg_crm__members": dbt.ref("stg_crm__members"),
        "stg_pos__transactions": dbt.ref("stg_pos__transactions"),
        "stg_ecom__orders": dbt.ref("stg_ecom__orders"),
        "dim_customers": dbt.ref("dim_customers"),
        "fct_orders": dbt.ref("fct_orders"),
        "dim_customer_rfm": dbt.ref("dim_customer_rfm"),
    }
    seed = dbt.ref("quality_expectations")
    rules = load_rules(seed.df(), {*relations, *DERIVED})
    frames = {
        name: to_pandas(relation, columns_needed(rules, name))
        for name, relation in relations.items()
    }
    frames[RECONCILIATION] = pd.DataFrame(
        {
            "staged_orders": [
                row_count(relations["stg_pos__transactions"])
                + row_count(relations["stg_ecom__orders"])
            ],
            "mart_orders": [row_count(relations["fct_orders"])],
        }
    )
    frames.update(
        identity_frames_from(
            dbt.ref("dim_identity_records"), dbt.ref("fct_identity_evidence")
        )
    )
    return validate_tables(frames, rules)
