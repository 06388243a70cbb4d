"""End-to-end checks of the dbt pipeline.

- bring your own data: the hand-written folder tests/fixtures/byod_retail runs
  through the whole pipeline and resolves the customers it was written for;
- a rebuild gives identical marts;
- identity resolution on the generated demo data meets its quality bar.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, run_dbt

from huaxiang.evaluate import evaluate_identity

BYOD_DIR = REPO / "tests" / "fixtures" / "byod_retail"
PUBLIC_SCHEMAS = ("marts", "reports", "restricted")


def table_fingerprints(db_path: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent content hash of every public table."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ? order by 1, 2",
            [list(PUBLIC_SCHEMAS)],
        ).fetchall()
        fingerprints = {}
        for schema, table in tables:
            count, digest = connection.execute(
                f"select count(*), md5(coalesce(string_agg(h, '' order by h), '')) "
                f"from (select md5(cast(t as varchar)) as h from {schema}.{table} t)"
            ).fetchone()
            fingerprints[f"{schema}.{table}"] = (count, digest)
    return fingerprints


@pytest.fixture(scope="module")
def byod_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("byod") / "byod.duckdb"
    run_dbt(
        ["build", "--vars", "{kmeans_clusters: 2}"],
        {
            "HUAXIANG_RAW_DIR": str(BYOD_DIR),
            "HUAXIANG_RAW_FORMAT": "csv",
            "HUAXIANG_DUCKDB_PATH": str(db_path),
            "HUAXIANG_AS_OF_DATE": "2026-06-30",
        },
    )
    return db_path


def query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def customer_of(db_path: Path, record_key: str) -> str | None:
    rows = query(
        db_path,
        "select customer_id from intermediate.int_identity_records_clustered "
        f"where record_key = '{record_key}'",
    )
    assert rows, f"record {record_key} missing from the identity graph"
    return rows[0][0]


def test_byod_folder_links_one_person_across_four_systems(byod_warehouse: Path):
    # 张伟: CRM card VIP0000000001, e-com account bound to that card, the app
    # device that logged into the account, and POS receipts with the card.
    keys = [
        "crm:M00000001",
        "ecom:U000000001",
        "app:a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "pos:VIP0000000001|",
    ]
    customers = {customer_of(byod_warehouse, key) for key in keys}
    assert len(customers) == 1 and None not in customers


def test_byod_placeholder_phone_does_not_merge_strangers(byod_warehouse: Path):
    # 王芳 and 孙丽 both typed 13800000000: it is on the blocklist.
    assert customer_of(byod_warehouse, "crm:M00000005") != customer_of(
        byod_warehouse, "crm:M00000009"
    )


def test_byod_full_width_phone_links_crm_and_ecom(byod_warehouse: Path):
    # 李娜's CRM phone is written in full-width digits with an 86 prefix.
    assert customer_of(byod_warehouse, "crm:M00000002") == customer_of(
        byod_warehouse, "ecom:U000000002"
    )


def test_byod_bad_rows_are_quarantined_with_reasons(byod_warehouse: Path):
    reasons = dict(
        (f"{table}:{reason}", rows)
        for table, reason, rows in query(
            byod_warehouse,
            "select source_table, reason_code, rows "
            "from reports.rpt_quarantine_summary",
        )
    )
    assert reasons["crm_members:missing_key"] == 1
    assert reasons["crm_members:test_account"] == 1
    assert reasons["crm_members:duplicate_row"] == 1
    assert reasons["pos_transactions:future_timestamp"] == 1
    assert reasons["pos_transactions:invalid_timestamp"] == 1
    assert reasons["pos_transactions:negative_amount_on_sale"] == 1
    assert reasons["pos_transaction_lines:parent_quarantined"] == 4
    assert reasons["app_events:unknown_event_type"] == 1
    (customers,) = query(byod_warehouse, "select count(*) from marts.dim_customers")[0]
    assert customers == 7


def test_byod_refund_reduces_revenue(byod_warehouse: Path):
    (revenue,) = query(
        byod_warehouse,
        "select sum(net_revenue_cny) from marts.fct_orders where source_system = 'pos'",
    )[0]
    # sales 218.50 + 89.50 + 59.90 + 119.00 + 129.00, refund -89.50
    assert float(revenue) == pytest.approx(526.40)


def test_rebuild_gives_identical_marts(warehouse_path: Path):
    before = table_fingerprints(warehouse_path)
    assert before, "no public tables found"
    run_dbt(["run"], {"HUAXIANG_DUCKDB_PATH": str(warehouse_path)})
    after = table_fingerprints(warehouse_path)
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert not changed, f"tables differ after a rebuild: {changed}"


def test_identity_resolution_meets_quality_bar(warehouse_path: Path):
    truth_dir = REPO / os.environ.get("HUAXIANG_TRUTH_DIR", "data/truth/retail")
    if not (truth_dir / "record_truth.csv").exists():
        pytest.skip("no ground truth: the warehouse was not built on generated data")
    scores = evaluate_identity(warehouse_path, truth_dir)
    assert scores.evaluated_records > 1000
    assert scores.precision >= 0.995, scores
    assert scores.recall_linkable >= 0.98, scores
