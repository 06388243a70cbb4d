"""The metric dictionary table says what MetricFlow itself says about each metric.

rpt_metric_dictionary is generated in Jinja from the project graph; here
MetricFlow's own resolver (in process, no database) reads the semantic manifest
dbt wrote and must agree on the metric list, each metric's finest time grain,
its categorical group-bys, and the labels and definitions in its meta.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import REPO

SEMANTIC_MANIFEST = REPO / "target" / "semantic_manifest.json"
META_COLUMNS = ("label_zh", "label_en", "definition_zh", "definition_en", "formula")


@pytest.fixture(scope="module")
def metricflow(manifest: dict):
    """MetricFlow's semantic manifest and metric lookup (after a fresh parse)."""
    from metricflow_semantics.model.dbt_manifest_parser import (
        parse_manifest_from_dbt_generated_manifest,
    )
    from metricflow_semantics.model.semantic_manifest_lookup import (
        SemanticManifestLookup,
    )

    semantic_manifest = parse_manifest_from_dbt_generated_manifest(
        SEMANTIC_MANIFEST.read_text(encoding="utf-8")
    )
    return semantic_manifest, SemanticManifestLookup(semantic_manifest).metric_lookup


@pytest.fixture(scope="module")
def dictionary(warehouse_path: Path) -> dict[str, dict]:
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        cursor = connection.execute("select * from reports.rpt_metric_dictionary")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row["metric_name"]: row for row in rows}


def test_dictionary_lists_every_metric(metricflow, dictionary):
    semantic_manifest, _ = metricflow
    assert set(dictionary) == {metric.name for metric in semantic_manifest.metrics}, (
        "reports.rpt_metric_dictionary is stale: run `make build`"
    )


def test_dictionary_meta_matches_the_definitions(metricflow, dictionary):
    semantic_manifest, _ = metricflow
    for metric in semantic_manifest.metrics:
        meta = metric.config.meta
        row = dictionary[metric.name]
        for column in META_COLUMNS:
            assert row[column] == meta[column], f"{metric.name}.{column}"


def test_group_bys_and_grain_are_metricflows(metricflow, dictionary):
    _, lookup = metricflow
    problems = []
    for reference in lookup.metric_references:
        name = reference.element_name
        grain = lookup.get_min_queryable_time_granularity(reference).value
        items = lookup.get_common_group_by_items([reference]).annotated_specs
        categorical = {
            f"{item.spec.entity_links[0].element_name}__{item.spec.element_name}"
            for item in items
            if type(item.spec).__name__ == "DimensionSpec"
            and len(item.spec.entity_links) == 1
        }
        row = dictionary[name]
        listed = set(filter(None, row["group_bys"].split(", ")))
        if listed != categorical:
            problems.append(
                f"{name}: dictionary {sorted(listed ^ categorical)} differ from mf"
            )
        if row["min_time_grain"] != grain:
            problems.append(f"{name}: grain {row['min_time_grain']} != mf {grain}")
    assert not problems, "\n".join(problems)
