"""The metric center: MetricFlow's numbers equal direct SQL on the marts.

A few batched ``mf query`` runs (about 6 s each) are compared cell by cell with
SQL written here from the metric definitions in
models/marts/metrics/_metrics__metrics.yml, straight from fct_orders and
dim_customer_rfm (not from fct_customer_months, whose logic is under test too).
If a semantic model, a measure or the customer-month mart drifts from the
stated definition, these fail. The report models that show the same metrics
(rpt_overview, rpt_monthly_sales) must equal mf's results as well.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import REPO, run_dbt

from huaxiang.metrics import query

DBT_PROJECT = REPO / "dbt_project.yml"
DEFAULT_AS_OF_DATE = "2026-06-30"

# name -> (metrics, group-bys): every mf query of this module, run once.
QUERIES = {
    "orders_by_month_and_source": (
        ["revenue", "orders", "buying_customers", "average_order_value"],
        ["metric_time__month", "order__source_system"],
    ),
    "customers_by_month_and_segment": (
        [
            "active_customers",
            "active_customers_at_start",
            "new_customers",
            "churned_customers",
            "churn_rate",
            "repurchase_rate",
            "arpu",
        ],
        ["metric_time__month", "customer__segment_code"],
    ),
    "retention_by_cohort": (
        ["retention_rate", "cohort_customers"],
        [
            "customer_month__cohort_month__month",
            "customer_month__months_since_first_purchase",
        ],
    ),
    "totals": (
        ["revenue", "orders", "average_order_value", "buying_customers"],
        [],
    ),
    "customers_by_month": (["active_customers"], ["metric_time__month"]),
    "app_conversion_by_month": (["app_visit_to_purchase_rate"], ["metric_time__month"]),
}


def as_of_date() -> str:
    return os.environ.get("HUAXIANG_AS_OF_DATE", DEFAULT_AS_OF_DATE)


def active_window_days() -> int:
    project = yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))
    return int(project["vars"]["active_window_days"])


def fetch(warehouse_path: Path, sql: str) -> list[dict]:
    """Rows of a query, on a connection closed at once (mf needs the file)."""
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        cursor = connection.execute(sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def mf(warehouse_path: Path) -> dict[str, list[dict[str, str]]]:
    # MetricFlow reads target/semantic_manifest.json, whose relation names carry the
    # warehouse's database name: parse for the main warehouse first, in case a test
    # built another warehouse with artifacts in target/.
    run_dbt(["parse"], {"HUAXIANG_DUCKDB_PATH": str(warehouse_path)})
    env = {"DBT_PROFILES_DIR": str(REPO)}
    return {
        name: query(metrics, group_by, cwd=REPO, env=env)
        for name, (metrics, group_by) in QUERIES.items()
    }


def number(value: object) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def key_text(value: object) -> str:
    """A group-by value as comparable text (mf writes timestamps for months)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).removesuffix(" 00:00:00").removesuffix("T00:00:00")


def assert_same_numbers(
    mf_rows: list[dict[str, str]],
    sql_rows: list[dict],
    keys: Iterable[str],
    columns: dict[str, str],
) -> None:
    """Every mf cell equals the SQL cell (columns: mf metric -> SQL column).

    Groups present on one side only must be empty (null or zero) on the other.
    """
    keys = list(keys)
    by_key_mf = {tuple(key_text(r[k]) for k in keys): r for r in mf_rows}
    by_key_sql = {tuple(key_text(r[k]) for k in keys): r for r in sql_rows}
    assert by_key_mf, "mf returned no rows"
    assert by_key_sql, "the direct SQL returned no rows"
    mismatches = []
    for group in sorted(set(by_key_mf) | set(by_key_sql)):
        for metric, column in columns.items():
            got = number(by_key_mf.get(group, {}).get(metric))
            want = number(by_key_sql.get(group, {}).get(column))
            if (got or 0) == 0 and (want or 0) == 0:
                continue
            if (
                got is None
                or want is None
                or not math.isclose(got, want, rel_tol=1e-9, abs_tol=0.005)
            ):
                where = dict(zip(keys, group, strict=True))
                mismatches.append(f"{where} {metric}: mf {got}, sql {want}")
    assert not mismatches, (
        f"{len(mismatches)} metric values differ from direct SQL on the marts "
        "(check models/marts/metrics/ against the definitions):\n"
        + "\n".join(mismatches[:20])
    )


def orders_sql() -> str:
    return """
        select
            date_trunc('month', order_date)::date as metric_time__month,
            source_system as order__source_system,
            sum(net_revenue_cny) as revenue,
            count(*) filter (where is_counted_purchase) as orders,
            count(distinct customer_id) filter (where is_counted_purchase)
                as buying_customers,
            sum(net_revenue_cny)
                / nullif(count(*) filter (where is_counted_purchase), 0)
                as average_order_value
        from marts.fct_orders
        group by all
    """


def customer_months_sql() -> str:
    """Customer metrics per month and RFM segment, from orders alone."""
    as_of = as_of_date()
    window = active_window_days()
    return f"""
        with purchases as (
            select customer_id, order_date
            from marts.fct_orders
            where is_counted_purchase and customer_id is not null
                and order_date <= date '{as_of}'
        ),
        months as (
            select
                month_start::date as month_start,
                least(
                    (month_start + interval 1 month - interval 1 day)::date,
                    date '{as_of}'
                ) as status_date
            from range(
                (select date_trunc('month', min(order_date)) from purchases),
                date_trunc('month', date '{as_of}') + interval 1 day,
                interval 1 month
            ) as spine(month_start)
        ),
        months_with_previous as (
            select *, lag(status_date) over (order by month_start) as start_date
            from months
        ),
        activity as (
            select
                m.month_start,
                c.customer_id,
                exists (
                    select 1 from purchases as p
                    where p.customer_id = c.customer_id
                        and p.order_date <= m.status_date
                        and p.order_date > m.status_date - {window}
                ) as is_active,
                coalesce(exists (
                    select 1 from purchases as p
                    where p.customer_id = c.customer_id
                        and p.order_date <= m.start_date
                        and p.order_date > m.start_date - {window}
                ), false) as was_active,
                (
                    select count(*) from purchases as p
                    where p.customer_id = c.customer_id
                        and date_trunc('month', p.order_date) = m.month_start
                ) as purchases_in_month,
                (
                    select min(order_date) from purchases as p
                    where p.customer_id = c.customer_id
                ) as first_purchase_date
            from months_with_previous as m
            cross join (select distinct customer_id from purchases) as c
        ),
        revenue as (
            select
                date_trunc('month', order_date)::date as month_start,
                customer_id,
                sum(net_revenue_cny) as revenue
            from marts.fct_orders
            where not is_anonymous
            group by all
        ),
        per_segment as (
            select
                a.month_start as metric_time__month,
                rfm.segment_code as customer__segment_code,
                count(*) filter (where a.is_active) as active_customers,
                count(*) filter (where a.was_active) as active_customers_at_start,
                count(*) filter (
                    where date_trunc('month', a.first_purchase_date) = a.month_start
                ) as new_customers,
                count(*) filter (where a.was_active and not a.is_active)
                    as churned_customers,
                count(*) filter (where a.purchases_in_month >= 2) as repeat_buyers,
                count(*) filter (where a.purchases_in_month >= 1)
                    as purchasing_customers
            from activity as a
            inner join marts.dim_customer_rfm as rfm using (customer_id)
            group by all
        ),
        segment_revenue as (
            select
                r.month_start as metric_time__month,
                rfm.segment_code as customer__segment_code,
                sum(r.revenue) as revenue
            from revenue as r
            inner join marts.dim_customer_rfm as rfm using (customer_id)
            group by all
        )
        select
            s.*,
            s.churned_customers / nullif(s.active_customers_at_start, 0)
                as churn_rate,
            s.repeat_buyers / nullif(s.purchasing_customers, 0) as repurchase_rate,
            sr.revenue / nullif(s.active_customers, 0) as arpu
        from per_segment as s
        left join segment_revenue as sr
            using (metric_time__month, customer__segment_code)
    """


def retention_sql() -> str:
    as_of = as_of_date()
    return f"""
        with purchases as (
            select customer_id, date_trunc('month', order_date)::date as month_start
            from marts.fct_orders
            where is_counted_purchase and customer_id is not null
                and order_date <= date '{as_of}'
        ),
        cohorts as (
            select customer_id, min(month_start) as cohort_month
            from purchases group by all
        ),
        cohort_sizes as (
            select cohort_month, count(*) as cohort_customers
            from cohorts group by all
        ),
        buyers as (
            select
                c.cohort_month,
                datediff('month', c.cohort_month, p.month_start) as months_since,
                count(distinct p.customer_id) as buyers
            from purchases as p
            inner join cohorts as c using (customer_id)
            group by all
        )
        select
            b.cohort_month as customer_month__cohort_month__month,
            b.months_since as customer_month__months_since_first_purchase,
            s.cohort_customers,
            b.buyers / s.cohort_customers as retention_rate
        from buyers as b
        inner join cohort_sizes as s using (cohort_month)
    """


def test_order_metrics_equal_direct_sql(mf, warehouse_path):
    assert_same_numbers(
        mf["orders_by_month_and_source"],
        fetch(warehouse_path, orders_sql()),
        keys=["metric_time__month", "order__source_system"],
        columns={m: m for m in QUERIES["orders_by_month_and_source"][0]},
    )


def test_customer_metrics_equal_direct_sql(mf, warehouse_path):
    assert_same_numbers(
        mf["customers_by_month_and_segment"],
        fetch(warehouse_path, customer_months_sql()),
        keys=["metric_time__month", "customer__segment_code"],
        columns={m: m for m in QUERIES["customers_by_month_and_segment"][0]},
    )


def test_cohort_retention_equals_direct_sql(mf, warehouse_path):
    sql_rows = fetch(warehouse_path, retention_sql())
    # Months in which nobody of a cohort bought are absent from the SQL side
    # and 0 on mf's: both count as empty.
    assert_same_numbers(
        mf["retention_by_cohort"],
        sql_rows,
        keys=[
            "customer_month__cohort_month__month",
            "customer_month__months_since_first_purchase",
        ],
        columns={"retention_rate": "retention_rate"},
    )
    mf_sizes = {
        key_text(r["customer_month__cohort_month__month"]): number(
            r["cohort_customers"]
        )
        for r in mf["retention_by_cohort"]
        if r["customer_month__months_since_first_purchase"] == "0"
    }
    sql_sizes = {
        key_text(r["customer_month__cohort_month__month"]): r["cohort_customers"]
        for r in sql_rows
        if r["customer_month__months_since_first_purchase"] == 0
    }
    assert mf_sizes == sql_sizes


def test_monthly_sales_report_equals_mf(mf, warehouse_path):
    report = fetch(
        warehouse_path,
        """
        select
            sales_month as metric_time__month,
            source_system as order__source_system,
            orders, customers as buying_customers, revenue_cny as revenue
        from reports.rpt_monthly_sales
        """,
    )
    assert_same_numbers(
        mf["orders_by_month_and_source"],
        report,
        keys=["metric_time__month", "order__source_system"],
        columns={m: m for m in ("orders", "buying_customers", "revenue")},
    )


def test_overview_report_equals_mf(mf, warehouse_path):
    (overview,) = fetch(warehouse_path, "select * from reports.rpt_overview")
    (totals,) = mf["totals"]
    as_of_month = as_of_date()[:7] + "-01"
    (active,) = [
        r
        for r in mf["customers_by_month"]
        if key_text(r["metric_time__month"]) == as_of_month
    ]
    got = {
        "revenue_cny": float(overview["revenue_cny"]),
        "orders": overview["orders"],
        "avg_order_value_cny": float(overview["avg_order_value_cny"]),
        "active_customers": overview["active_customers"],
    }
    want = {
        "revenue_cny": number(totals["revenue"]),
        "orders": number(totals["orders"]),
        "avg_order_value_cny": round(number(totals["average_order_value"]), 2),
        "active_customers": number(active["active_customers"]),
    }
    assert got == pytest.approx(want, abs=0.005), (
        "rpt_overview and MetricFlow disagree: a second formula for a metric "
        "crept into models/reports/rpt_overview.sql"
    )


# The window of app_visit_to_purchase_rate (metrics YAML: window: 7 days).
CONVERSION_WINDOW_DAYS = 7


def app_conversion_sql() -> str:
    """Visitors: identified customers with an app_open in the month. Converters: a
    counted purchase on day d converts for the month of the customer's latest visit
    day in (d - 7 days, d]; straight from fct_app_events and fct_orders."""
    return f"""
        with visits as (
            select distinct customer_id, event_date as visit_date
            from marts.fct_app_events
            where event_type = 'app_open' and customer_id is not null
        ),
        purchases as (
            select customer_id, order_date
            from marts.fct_orders
            where is_counted_purchase and customer_id is not null
        ),
        attributed as (
            select p.customer_id, max(v.visit_date) as visit_date
            from purchases as p
            inner join visits as v
                on v.customer_id = p.customer_id
                and v.visit_date <= p.order_date
                and v.visit_date > p.order_date - {CONVERSION_WINDOW_DAYS}
            group by p.customer_id, p.order_date
        ),
        visitors as (
            select cast(date_trunc('month', visit_date) as date) as month,
                count(distinct customer_id) as visitors
            from visits group by 1
        ),
        converters as (
            select cast(date_trunc('month', visit_date) as date) as month,
                count(distinct customer_id) as converters
            from attributed group by 1
        )
        select
            v.month as metric_time__month,
            coalesce(c.converters, 0) / v.visitors as app_visit_to_purchase_rate
        from visitors as v
        left join converters as c using (month)
    """


def test_app_visit_to_purchase_conversion_equals_direct_sql(mf, warehouse_path):
    sql_rows = fetch(warehouse_path, app_conversion_sql())
    assert any(number(r["app_visit_to_purchase_rate"]) for r in sql_rows)
    assert_same_numbers(
        mf["app_conversion_by_month"],
        sql_rows,
        keys=["metric_time__month"],
        columns={"app_visit_to_purchase_rate": "app_visit_to_purchase_rate"},
    )


# Campaign conversion: only for the industries in var campaign_industries (the
# semantic model campaign_responses and its metrics are disabled elsewhere).
CAMPAIGN_RATE_METRICS = [
    "campaign_targeted_customers",
    "campaign_converted_customers",
    "campaign_conversion_rate",
    "campaign_revenue_per_head",
]
CAMPAIGN_QUERIES = {
    "by_arm": (
        CAMPAIGN_RATE_METRICS,
        ["campaign_response__campaign_id", "campaign_response__arm"],
    ),
    "by_segment": (
        CAMPAIGN_RATE_METRICS,
        [
            "campaign_response__campaign_id",
            "campaign_response__arm",
            "customer__segment_code",
        ],
    ),
    "uplift": (["campaign_conversion_uplift"], ["campaign_response__campaign_id"]),
    "by_month_channel_audience": (
        CAMPAIGN_RATE_METRICS,
        [
            "metric_time__month",
            "campaign_response__channel",
            "campaign_response__audience_code",
            "campaign_response__arm",
        ],
    ),
}
START_MONTH_SQL = "cast(date_trunc('month', campaign_start_date) as date)"
CAMPAIGN_ARM_KEYS = ["campaign_response__campaign_id", "campaign_response__arm"]
# fct_campaign_evaluation's columns per arm, named as the metrics.
EVALUATION_BY_ARM_SQL = """
    select
        campaign_id as campaign_response__campaign_id,
        segment_code,
        '{arm}' as campaign_response__arm,
        {arm}_customers as campaign_targeted_customers,
        {arm}_conversions as campaign_converted_customers,
        {arm}_conversion_rate as campaign_conversion_rate,
        {arm}_revenue_per_head_cny as campaign_revenue_per_head
    from marts.fct_campaign_evaluation
"""


def campaign_industries() -> list[str]:
    project = yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))
    return [str(i).lower() for i in project["vars"]["campaign_industries"]]


@pytest.fixture(scope="module")
def mf_campaigns(mf) -> dict[str, list[dict[str, str]]]:
    """The campaign queries (after the parse the mf fixture runs)."""
    industry = os.environ.get("HUAXIANG_INDUSTRY", "retail").lower()
    if industry not in campaign_industries():
        pytest.skip(f"no campaigns for industry {industry} (var campaign_industries)")
    env = {"DBT_PROFILES_DIR": str(REPO)}
    return {
        name: query(metrics, group_by, cwd=REPO, env=env)
        for name, (metrics, group_by) in CAMPAIGN_QUERIES.items()
    }


def campaign_sql(group_by: dict[str, str]) -> str:
    """Campaign conversion straight from fct_campaign_responses, restating the
    definition: a recorded conversion whose local date is 0 to
    response_window_days days after the campaign start (not is_converted)."""
    keys = ",\n            ".join(
        f"{expr} as {name}" for name, expr in group_by.items()
    )
    return f"""
        with responses as (
            select
                *,
                coalesce(
                    converted_date >= campaign_start_date
                    and converted_date
                        <= campaign_start_date + response_window_days,
                    false
                ) as converts_in_window
            from marts.fct_campaign_responses
        )
        select
            {keys},
            count(*) as campaign_targeted_customers,
            count(*) filter (where converts_in_window)
                as campaign_converted_customers,
            count(*) filter (where converts_in_window) / count(*)
                as campaign_conversion_rate,
            sum(case when converts_in_window then revenue_cny else 0 end)
                / count(*) as campaign_revenue_per_head
        from responses
        group by all
    """


def test_campaign_conversion_equals_direct_sql(mf_campaigns, warehouse_path):
    by_arm = fetch(
        warehouse_path,
        campaign_sql(
            {
                "campaign_response__campaign_id": "campaign_id",
                "campaign_response__arm": "arm",
            }
        ),
    )
    # Both arms convert somewhere: the comparison is not between empty columns.
    for arm in ("treatment", "holdout"):
        assert any(
            r["campaign_converted_customers"]
            for r in by_arm
            if r["campaign_response__arm"] == arm
        ), f"no {arm} conversions in marts.fct_campaign_responses"
    columns = {m: m for m in CAMPAIGN_RATE_METRICS}
    assert_same_numbers(mf_campaigns["by_arm"], by_arm, CAMPAIGN_ARM_KEYS, columns)
    keys = [
        "metric_time__month",
        "campaign_response__channel",
        "campaign_response__audience_code",
        "campaign_response__arm",
    ]
    assert_same_numbers(
        mf_campaigns["by_month_channel_audience"],
        fetch(
            warehouse_path,
            campaign_sql(
                {
                    "metric_time__month": START_MONTH_SQL,
                    "campaign_response__channel": "channel",
                    "campaign_response__audience_code": "audience_code",
                    "campaign_response__arm": "arm",
                }
            ),
        ),
        keys,
        columns,
    )


def test_campaign_evaluation_uses_the_metric(mf_campaigns, warehouse_path):
    """fct_campaign_evaluation's arm sizes, conversions, rates and uplift (overall
    and per RFM segment) are the metric center's: no second formula."""
    evaluation = fetch(
        warehouse_path,
        " union all ".join(
            EVALUATION_BY_ARM_SQL.format(arm=arm) for arm in ("treatment", "holdout")
        ),
    )
    columns = {m: m for m in CAMPAIGN_RATE_METRICS}
    assert_same_numbers(
        mf_campaigns["by_arm"],
        [r for r in evaluation if r["segment_code"] == "all"],
        CAMPAIGN_ARM_KEYS,
        columns,
    )
    # Customers without an RFM segment are 'no_purchase' in the evaluation and
    # have no customer__segment_code in mf.
    by_segment = [
        {**r, "customer__segment_code": r["customer__segment_code"] or "no_purchase"}
        for r in mf_campaigns["by_segment"]
    ]
    assert_same_numbers(
        by_segment,
        [
            {**r, "customer__segment_code": r["segment_code"]}
            for r in evaluation
            if r["segment_code"] != "all"
        ],
        [*CAMPAIGN_ARM_KEYS, "customer__segment_code"],
        columns,
    )
    assert_same_numbers(
        mf_campaigns["uplift"],
        fetch(
            warehouse_path,
            """
            select
                campaign_id as campaign_response__campaign_id,
                uplift_abs as campaign_conversion_uplift
            from marts.fct_campaign_evaluation
            where segment_code = 'all'
            """,
        ),
        ["campaign_response__campaign_id"],
        {"campaign_conversion_uplift": "campaign_conversion_uplift"},
    )


def test_campaign_page_equals_mf(mf_campaigns, warehouse_path):
    """The audiences page's past-campaign table (rpt_campaign_uplift, overall
    rows) shows the metric center's rates and uplift."""
    report = fetch(
        warehouse_path,
        """
        select campaign_id, 'treatment' as arm, treatment_customers as customers,
            treatment_conversion_rate as rate, uplift_abs
        from reports.rpt_campaign_uplift where segment_code = 'all'
        union all
        select campaign_id, 'holdout', holdout_customers,
            holdout_conversion_rate, uplift_abs
        from reports.rpt_campaign_uplift where segment_code = 'all'
        """,
    )
    rows = [
        {
            "campaign_response__campaign_id": r["campaign_id"],
            "campaign_response__arm": r["arm"],
            "campaign_targeted_customers": r["customers"],
            "campaign_conversion_rate": r["rate"],
        }
        for r in report
    ]
    assert_same_numbers(
        mf_campaigns["by_arm"],
        rows,
        CAMPAIGN_ARM_KEYS,
        {m: m for m in ("campaign_targeted_customers", "campaign_conversion_rate")},
    )
    assert_same_numbers(
        mf_campaigns["uplift"],
        [
            {
                "campaign_response__campaign_id": r["campaign_id"],
                "campaign_conversion_uplift": r["uplift_abs"],
            }
            for r in report
            if r["arm"] == "treatment"
        ],
        ["campaign_response__campaign_id"],
        {"campaign_conversion_uplift": "campaign_conversion_uplift"},
    )
