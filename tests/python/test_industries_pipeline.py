"""The whole dbt pipeline on generated data of each non-retail industry.

For each industry: ~500 generated persons in a temporary folder, `dbt build` with
HUAXIANG_INDUSTRY set and a DuckDB file of its own (every data test runs, including
row-count reconciliation of each staging source), then checks that the industry's
extension facts reached the customers through identity resolution. About a minute per
industry.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt

from huaxiang.evaluate_tags import CHECKS, Ordering, evaluate_tags, is_ordered
from huaxiang.generator import INDUSTRIES
from huaxiang.generator.output import write_dataset
from huaxiang.tags.catalog import load_catalog

PERSONS = 500
SEED = 3
# Intermediate models per industry that attach customer_id to extension facts, and
# the share of CRM/e-commerce customers each must cover at least.
LINKED_MODELS = {
    "b2b": {
        "int_b2b_contacts_linked": 0.8,
    },
    "education": {
        "int_education_enrollments_linked": 0.8,
        "int_education_study_days_aggregated": 0.6,
        "int_education_interactions_linked": 0.4,
    },
    "finance": {
        "int_finance_holdings_linked": 0.8,
        "int_finance_risk_assessments_linked": 0.8,
        "int_finance_credit_accounts_linked": 0.2,
    },
    "healthcare": {
        "int_healthcare_visits_linked": 0.8,
        "int_healthcare_lab_results_linked": 0.6,
        "int_healthcare_conditions_linked": 0.15,
        "int_healthcare_follow_ups_linked": 0.15,
    },
    "internet": {
        "int_internet_sessions_linked": 0.6,
        "int_internet_push_messages_linked": 0.8,
        "int_internet_social_actions_linked": 0.4,
    },
    "manufacturing": {
        "int_manufacturing_devices_linked": 0.8,
        "int_manufacturing_service_tickets_linked": 0.6,
        "int_manufacturing_device_health_aggregated": 0.15,
    },
}


@pytest.fixture(scope="module", params=sorted(LINKED_MODELS))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    industry = request.param
    root = tmp_path_factory.mktemp(industry)
    write_dataset(
        INDUSTRIES[industry](PERSONS, SEED), root, industry, "csv", log=lambda _: None
    )
    db_path = root / f"{industry}.duckdb"
    run_dbt(
        ["build"],
        {
            "HUAXIANG_INDUSTRY": industry,
            "HUAXIANG_RAW_DIR": str(root / "raw" / industry),
            "HUAXIANG_RAW_FORMAT": "csv",
            "HUAXIANG_DUCKDB_PATH": str(db_path),
            "HUAXIANG_AS_OF_DATE": "2026-06-30",
        },
    )
    return industry, db_path


def query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def relations(db_path: Path, schema: str, like: str) -> list[str]:
    rows = query(
        db_path,
        "select table_name from information_schema.tables "
        f"where table_schema = '{schema}' and table_name like '{like}' order by 1",
    )
    return [r[0] for r in rows]


def test_extension_sources_reconcile_and_quarantine(built: tuple[str, Path]) -> None:
    industry, db_path = built
    raw_dir = db_path.parent / "raw" / industry
    validated = relations(db_path, "staging", f"stg_{industry}__%_validated")
    assert len(validated) >= 3, validated
    for name in validated:
        entity = name.removeprefix(f"stg_{industry}__").removesuffix("_validated")
        raw_rows = query(
            db_path,
            f"select count(*) from read_csv('{raw_dir}/{industry}_{entity}.csv', "
            "all_varchar = true, header = true)",
        )[0][0]
        clean = query(db_path, f"select count(*) from staging.stg_{industry}__{entity}")
        quarantined = query(
            db_path,
            f"select count(*) from staging.stg_{industry}__{entity}_quarantine",
        )
        assert raw_rows == clean[0][0] + quarantined[0][0], entity
        assert 0 < quarantined[0][0] < 0.05 * raw_rows, entity


def test_linked_models_cover_most_customers(built: tuple[str, Path]) -> None:
    industry, db_path = built
    with_account = query(
        db_path,
        "select count(distinct customer_id) "
        "from intermediate.int_identity_records_clustered "
        "where source_system in ('crm', 'ecom') and customer_id is not null",
    )[0][0]
    assert with_account > 0.8 * PERSONS
    for model, share in LINKED_MODELS[industry].items():
        covered = query(
            db_path, f"select count(distinct customer_id) from intermediate.{model}"
        )[0][0]
        assert covered >= share * with_account, (model, covered, with_account)
        orphans = query(
            db_path,
            f"select count(*) from intermediate.{model} as m "
            "left join marts.dim_customers as c on m.customer_id = c.customer_id "
            "where c.customer_id is null",
        )[0][0]
        assert orphans == 0, model


def test_core_marts_are_built(built: tuple[str, Path]) -> None:
    _, db_path = built
    customers = query(db_path, "select count(*) from marts.dim_customers")[0][0]
    assert 0.8 * PERSONS < customers < 1.3 * PERSONS
    assert query(db_path, "select count(*) from marts.fct_orders")[0][0] > PERSONS


def test_industry_tags_are_built(built: tuple[str, Path]) -> None:
    industry, db_path = built
    codes = {tag.tag_code for tag in load_catalog() if tag.industry == industry}
    tagged = {
        row[0]
        for row in query(
            db_path, "select distinct tag_code from marts.fct_customer_tags"
        )
    }
    if not codes:
        assert not tagged, f"{industry} has no catalog tags but tag rows"
        return
    columns = set(relations(db_path, "marts", f"dim_customer_tags_{industry}"))
    assert columns == {f"dim_customer_tags_{industry}"}
    assert tagged == codes
    manual = {
        row[0]
        for row in query(
            db_path, "select tag_code from reports.rpt_tag_manual where is_built"
        )
    }
    assert manual == codes


# Minimum quality of tags against the generator's latent truth (500 persons).
MIN_TAG_QUALITY = {
    "finance": {
        "risk_appetite.agreement": 0.75,
        "is_churn_warning.precision": 0.6,
        "is_churn_warning.recall": 0.6,
    },
    "manufacturing": {"usage_scenario.agreement": 0.95},
    "healthcare": {"chronic_condition_band.agreement": 0.9},
}


def test_tags_recover_the_latent_truth(built: tuple[str, Path]) -> None:
    industry, db_path = built
    results = evaluate_tags(db_path, db_path.parent / "truth" / industry, industry)
    for metric, minimum in MIN_TAG_QUALITY.get(industry, {}).items():
        assert results[metric] >= minimum, (metric, results)
    for check in CHECKS.get(industry, ()):
        if isinstance(check, Ordering):
            assert is_ordered(results, check), (check.tag_code, results)
