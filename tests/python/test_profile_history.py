"""Profile history: two builds at different as-of dates, then history and migration.

On a throw-away copy of the built warehouse (its snapshot table dropped), the
models that depend on the as-of date, customer_profile_snapshot and
fct_profile_migrations are rebuilt twice: HUAXIANG_AS_OF_DATE first at
FIRST_AS_OF, then at SECOND_AS_OF (data tests skipped; they run in
`make build`). The states read from the marts after each build are the oracle:
the snapshot must answer "which value on date X" with them, and the migration
counts must equal their cross-tabulation.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, run_dbt

FIRST_AS_OF = "2026-03-31"
SECOND_AS_OF = "2026-06-30"
DIMENSIONS = ("lifecycle_stage", "segment_code", "cluster_code")
# Everything whose result depends on the as-of date, and what reads it.
AS_OF_DEPENDENT = (
    "int_customer_features_aggregated+",
    "dim_customer_lifecycle+",
)
STATES_SQL = """
    select
        customers.customer_id,
        lifecycle.lifecycle_stage,
        rfm.segment_code,
        coalesce(clusters.cluster_code, 'none') as cluster_code
    from marts.dim_customers as customers
    left join marts.dim_customer_lifecycle as lifecycle using (customer_id)
    left join marts.dim_customer_rfm as rfm using (customer_id)
    left join marts.dim_customer_clusters as clusters using (customer_id)
"""


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def build_at(
    as_of: str,
    db: Path,
    work: Path,
    select: tuple[str, ...] = AS_OF_DEPENDENT,
    dbt_vars: str = "{}",
) -> dict[str, tuple]:
    """Build the history chain at one as-of date; return the marts' states."""
    run_dbt(
        [
            "build",
            "--vars",
            dbt_vars,
            "--select",
            *select,
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        env_overrides={"HUAXIANG_AS_OF_DATE": as_of, "HUAXIANG_DUCKDB_PATH": str(db)},
    )
    return {row[0]: row[1:] for row in rows(db, STATES_SQL)}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, warehouse_path):
    raw = REPO / "data" / "raw" / "retail"
    if not raw.is_dir():
        pytest.skip(f"{raw} missing: run `make data` first")
    work = tmp_path_factory.mktemp("history")
    db = work / "history.duckdb"
    shutil.copyfile(warehouse_path, db)
    with duckdb.connect(str(db)) as connection:
        connection.execute("drop schema if exists snapshots cascade")
    first = build_at(FIRST_AS_OF, db, work)
    second = build_at(SECOND_AS_OF, db, work)
    return db, first, second, work


def test_states_differ_between_the_two_dates(two_builds):
    _, first, second, _ = two_builds
    changed = sum(first.get(customer) != state for customer, state in second.items())
    assert changed > 0, "the test needs customers whose profile changed"


def test_snapshot_answers_the_state_on_each_date(two_builds):
    db, first, second, _ = two_builds
    for as_of, expected in ((FIRST_AS_OF, first), (SECOND_AS_OF, second)):
        found = {
            row[0]: row[1:]
            for row in rows(
                db,
                f"""
                select customer_id, lifecycle_stage, segment_code, cluster_code
                from snapshots.customer_profile_snapshot
                where dbt_valid_from <= date '{as_of}'
                    and (dbt_valid_to is null or dbt_valid_to > date '{as_of}')
                """,
            )
        }
        wrong = [c for c in expected if found.get(c) != expected[c]]
        assert not wrong, f"{len(wrong)} customers' state on {as_of} is wrong"


def test_only_changed_customers_get_a_second_version(two_builds):
    db, first, second, _ = two_builds
    versions = dict(
        rows(
            db,
            "select customer_id, count(*) from snapshots.customer_profile_snapshot "
            "group by customer_id",
        )
    )
    for customer, state in second.items():
        expected = 1 if first.get(customer) in (None, state) else 2
        assert versions[customer] == expected, customer


def test_migration_counts_cross_tabulate_the_two_states(two_builds):
    db, first, second, _ = two_builds
    expected: Counter = Counter()
    for customer in set(first) | set(second):
        for index, dimension in enumerate(DIMENSIONS):
            before = first[customer][index] if customer in first else "not_tracked"
            after = second[customer][index] if customer in second else "gone"
            expected[(dimension, before, after)] += 1
    found = rows(
        db,
        "select dimension, from_value, to_value, customers, from_date, to_date "
        "from marts.fct_profile_migrations",
    )
    assert {(d, f, t): n for d, f, t, n, _, _ in found} == dict(expected)
    assert {(str(f), str(t)) for *_, f, t in found} == {(FIRST_AS_OF, SECOND_AS_OF)}


# Runs last: it rewrites the second date's history.
def test_rebuilding_a_date_replaces_its_history(two_builds):
    db, first, second, work = two_builds
    # Same as-of date, different rules: the lifecycle stages change.
    again = build_at(
        SECOND_AS_OF,
        db,
        work,
        select=("dim_customer_lifecycle+",),
        dbt_vars="{active_window_days: 60}",
    )
    assert again != second, "the var change should move some customers"
    ((duplicates,),) = rows(
        db,
        "select count(*) - count(distinct dbt_scd_id) "
        "from snapshots.customer_profile_snapshot",
    )
    assert duplicates == 0
    for as_of, expected in ((FIRST_AS_OF, first), (SECOND_AS_OF, again)):
        found = dict(
            rows(
                db,
                f"""
                select customer_id, lifecycle_stage
                from snapshots.customer_profile_snapshot
                where dbt_valid_from <= date '{as_of}'
                    and (dbt_valid_to is null or dbt_valid_to > date '{as_of}')
                """,
            )
        )
        assert {c: found.get(c) for c in expected} == {
            c: state[0] for c, state in expected.items()
        }, as_of


def test_tag_snapshot_keeps_each_tags_history(two_builds):
    db, _, _, _ = two_builds
    current = set(
        rows(
            db,
            "select customer_id, tag_code, tag_value "
            "from snapshots.customer_tags_snapshot where dbt_valid_to is null",
        )
    )
    tags = set(
        rows(db, "select customer_id, tag_code, tag_value from marts.fct_customer_tags")
    )
    assert tags and tags <= current, (
        "current tag versions differ from fct_customer_tags"
    )
    assert {v for _, _, v in current - tags} <= {"none"}
    versions = rows(
        db,
        "select customer_id, tag_code, tag_value, "
        "cast(dbt_valid_from as date), cast(dbt_valid_to as date) "
        "from snapshots.customer_tags_snapshot order by 1, 2, 4",
    )
    by_key: dict[tuple, list[tuple]] = {}
    for customer, tag, value, valid_from, valid_to in versions:
        by_key.setdefault((customer, tag), []).append((value, valid_from, valid_to))
    changed = [v for v in by_key.values() if len(v) == 2]
    assert changed, "no tag changed between the two dates: the test needs one"
    for (old, old_from, old_to), (new, new_from, new_to) in changed:
        assert old != new
        assert str(old_from) == FIRST_AS_OF and str(old_to) == SECOND_AS_OF
        assert str(new_from) == SECOND_AS_OF and new_to is None
    assert all(len(v) <= 2 for v in by_key.values())


def test_tag_snapshot_holds_every_customer_and_tag_of_the_build(warehouse_path):
    """The built warehouse's open tag versions are the full grid: every customer
    of dim_customers x every tag some customer has, with the customer's value
    or 'none'. On a fresh warehouse (CI) this is the snapshot's first build,
    which unpivots the wide mart instead of comparing with open versions."""
    grid_sql = """
        select customers.customer_id, codes.tag_code,
            coalesce(tags.tag_value, 'none') as tag_value
        from marts.dim_customers as customers
        cross join (select distinct tag_code from marts.fct_customer_tags) as codes
        left join marts.fct_customer_tags as tags
            on tags.customer_id = customers.customer_id
            and tags.tag_code = codes.tag_code
    """
    grid = set(rows(warehouse_path, grid_sql))
    current = rows(
        warehouse_path,
        "select customer_id, tag_code, tag_value "
        "from snapshots.customer_tags_snapshot where dbt_valid_to is null",
    )
    assert len(grid) > 1000 and any(value == "none" for _, _, value in grid)
    keys = [(customer, tag) for customer, tag, _ in current]
    assert len(keys) == len(set(keys)), "two open versions of one customer tag"
    missing = grid - set(current)
    assert not missing, (
        f"{len(missing)} customer tags missing, e.g. {sorted(missing)[:3]}"
    )
    customers = {customer for customer, _, _ in grid}
    stale = [row for row in current if row[0] in customers and row not in grid]
    assert not stale, f"open versions that differ from the marts: {stale[:3]}"
