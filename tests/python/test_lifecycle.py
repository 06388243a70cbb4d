"""Lifecycle stages on the built warehouse agree with the metric center.

The stage rules themselves are proven at their boundaries by the dbt unit tests
in models/marts/lifecycle/_lifecycle__models.yml; here the built mart is checked
against the seed and against the active_customers metric.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import yaml
from conftest import REPO

SEED = REPO / "seeds" / "lifecycle_stages.csv"
# Stages whose rule requires a purchase within active_window_days.
ACTIVE_STAGES = ("new", "active", "growing", "mature", "reactivated")
LABEL_COLUMNS = ("stage_name_zh", "stage_name_en", "definition_zh", "definition_en")


def fetch(warehouse_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_seed_labels_every_stage_in_both_languages():
    with SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["stage_code"] for row in rows} >= set(ACTIVE_STAGES) | {
        "at_risk",
        "dormant",
        "churned",
    }
    for row in rows:
        for column in LABEL_COLUMNS:
            assert row[column].strip(), f"{SEED.name}: {row['stage_code']}.{column}"


def test_active_stages_add_up_to_the_active_customers_metric(warehouse_path):
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))
    settings = project["vars"]
    # Only then is every new customer active; otherwise the sum is a subset.
    assert settings["lifecycle_new_days"] <= settings["active_window_days"]
    stages = ", ".join(f"'{code}'" for code in ACTIVE_STAGES)
    ((in_active_stages,),) = fetch(
        warehouse_path,
        f"select count(*) from marts.dim_customer_lifecycle "
        f"where lifecycle_stage in ({stages})",
    )
    ((active_customers,),) = fetch(
        warehouse_path, "select active_customers from reports.rpt_overview"
    )
    assert in_active_stages == active_customers


def test_every_customer_has_one_stage(warehouse_path):
    ((customers, staged, distinct_stages),) = fetch(
        warehouse_path,
        """
        select
            (select count(*) from marts.dim_customers),
            count(lifecycle_stage),
            count(distinct lifecycle_stage)
        from marts.dim_customer_lifecycle
        """,
    )
    assert customers == staged
    assert distinct_stages > 3, "the demo data should spread over several stages"
