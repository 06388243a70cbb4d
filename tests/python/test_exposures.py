"""The dbt exposures declare exactly the models each report page reads."""

from __future__ import annotations

import duckdb
import pytest
from conftest import REPO

from huaxiang.site.pages import load_pages
from huaxiang.site.queries import query_sources

PAGES_DIR = REPO / "reports" / "pages"
# Page file stem -> exposure name in models/reports/_reports__exposures.yml.
PAGE_EXPOSURES = {
    "index": "site_overview",
    "segments": "site_segments",
    "segment": "site_segment_personas",
    "quality": "site_data_quality",
    "tags": "site_tag_manual",
    "models": "site_model_cards",
    "metrics": "site_metrics",
    "history": "site_profile_migrations",
    "audiences": "site_audiences",
}
# Pages with no queries of their own (the About page lists the others' lineage).
PAGES_WITHOUT_QUERIES = {"about"}


def models_read_by_page(page) -> set[str]:
    with duckdb.connect() as connection:
        tables: set[str] = set()
        for query in page.queries:
            tables.update(
                query_sources(
                    connection, page=page.name, name=query.name, sql=query.sql
                )
            )
    return {table.split(".")[-1] for table in tables}


def test_every_page_has_an_exposure():
    names = {page.name for page in load_pages(PAGES_DIR)}
    missing = names - set(PAGE_EXPOSURES) - PAGES_WITHOUT_QUERIES
    assert not missing, f"pages without an exposure: {sorted(missing)}"


@pytest.mark.parametrize("page_name", sorted(PAGE_EXPOSURES))
def test_exposure_lists_the_models_the_page_reads(manifest: dict, page_name: str):
    page = next(p for p in load_pages(PAGES_DIR) if p.name == page_name)
    exposure = manifest["exposures"][f"exposure.huaxiang.{PAGE_EXPOSURES[page_name]}"]
    declared = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
    assert models_read_by_page(page) == declared
