"""The daily_refresh selector (selectors.yml) picks what a daily refresh reruns.

`dbt ls` with the selector, in a scratch target path (the main target/ keeps
the manifest other tests read), on DuckDB with the default resolver and with
HUAXIANG_IDENTITY_RESOLVER=sql, where the SQL resolver feeds the customer
master and must not be left out.
"""

from __future__ import annotations

import pytest
from conftest import run_dbt

CROSS_CHECK = {
    "int_identity_components_sql",
    "assert_identity_resolvers_agree",
    "unique_int_identity_components_sql_node_key",
}


def selected(
    tmp_path, resolver: str, selector: str | None = "daily_refresh"
) -> set[str]:
    chosen = ["--selector", selector] if selector else []
    result = run_dbt(
        ["ls", *chosen, "--output", "name", "--quiet"],
        env_overrides={
            "HUAXIANG_IDENTITY_RESOLVER": resolver,
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
    )
    return set(result.stdout.split())


@pytest.fixture(scope="module")
def by_resolver(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("selectors")
    found = {resolver: selected(tmp_path, resolver) for resolver in ("scipy", "sql")}
    found["everything"] = selected(tmp_path, "scipy", selector=None)
    return found


def test_daily_refresh_skips_the_sql_resolver_when_it_only_cross_checks(by_resolver):
    nodes = by_resolver["scipy"]
    assert not CROSS_CHECK & nodes
    # What feeds the customer master stays, with the scipy resolver's tests.
    assert {
        "int_identity_components_scipy",
        "int_identity_records_clustered",
        "unique_int_identity_components_scipy_node_key",
        "fct_customer_months",
        "customer_tags_snapshot",
    } <= nodes


def test_daily_refresh_keeps_the_sql_resolver_when_it_resolves(by_resolver):
    nodes = by_resolver["sql"]
    assert {
        "int_identity_components_sql",
        "unique_int_identity_components_sql_node_key",
    } <= nodes


def test_daily_refresh_leaves_out_refits_and_unit_tests(by_resolver):
    nodes, everything = by_resolver["scipy"], by_resolver["everything"]
    left_out = {
        "int_kmeans_centroids_fitted",
        "int_churn_coefficients_fitted",
        "test_placeholder_phones_never_link_customers",
    }
    assert left_out <= everything
    assert not left_out & nodes
    # The scoring that reads the last fit's parameters reruns.
    assert "dim_customer_clusters" in nodes
    assert everything >= CROSS_CHECK
