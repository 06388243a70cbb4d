"""Identity-graph alarms and run-to-run customer_id churn (issue: quality gates).

On a throw-away copy of the built warehouse:
- the two alarm tests pass at their configured thresholds and fail, with one
  row per offender, when the threshold is set below what the data holds;
- fct_identity_churn reports exactly the records a second build moved: the
  snapshot is taken at one as-of date, dim_identity_records is then edited
  (one customer's records merged into another's, anonymous records
  identified), and the snapshot and churn mart are rebuilt at the next date.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt

FIRST_AS_OF = "2026-06-29"
SECOND_AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def copy_db(tmp_path_factory, warehouse_path) -> Path:
    work = tmp_path_factory.mktemp("identity_alarms")
    db = work / "alarms.duckdb"
    shutil.copyfile(warehouse_path, db)
    return db


def failures(result, test: str) -> int:
    """Rows a failing singular test returned, read from dbt's summary."""
    found = re.search(
        rf"Failure in test {test} .*?\n.*?Got (\d+) results?, configured to fail",
        result.stdout,
    )
    return int(found.group(1)) if found else 0


def query(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_alarms_fire_with_one_row_per_offender_below_the_data(copy_db):
    """Both alarms pass in `make build` at their defaults; here the thresholds
    are set just below what the data holds, in one dbt call."""
    ((largest,),) = query(
        copy_db,
        "select max(n) from (select count(*) as n from marts.dim_identity_records "
        "where customer_id is not null group by customer_id)",
    )
    limit = largest - 1
    ((offenders,),) = query(
        copy_db,
        "select count(*) from (select customer_id from marts.dim_identity_records "
        "where customer_id is not null group by customer_id "
        f"having count(*) > {limit})",
    )
    # Two identifiers is common in the demo data (phone + card, ...): a 1% limit fails.
    result = run_dbt(
        [
            "test",
            "--select",
            "assert_no_oversized_identity_cluster",
            "assert_few_customers_with_many_identifiers",
            "--vars",
            f"{{identity_alarm_max_records_per_customer: {limit}, "
            "identity_many_identifiers: 2, identity_many_identifiers_max_share: 0.01}",
        ],
        env_overrides={"HUAXIANG_DUCKDB_PATH": str(copy_db)},
        check=False,
    )
    assert result.returncode != 0
    assert failures(result, "assert_no_oversized_identity_cluster") == offenders >= 1
    assert failures(result, "assert_few_customers_with_many_identifiers") == 1


def build_churn(db: Path, as_of: str) -> None:
    run_dbt(
        ["build", "--select", "identity_record_snapshot", "fct_identity_churn"],
        env_overrides={"HUAXIANG_DUCKDB_PATH": str(db), "HUAXIANG_AS_OF_DATE": as_of},
    )


def test_churn_reports_exactly_the_records_a_build_moved(copy_db):
    build_churn(copy_db, FIRST_AS_OF)
    first = query(
        copy_db,
        "select sum(records_moved), count(from_date) from marts.fct_identity_churn",
    )
    assert first == [(0, 0)], "a first build date has nothing to compare with"

    with duckdb.connect(str(copy_db)) as connection:
        # Merge: every record of one multi-source customer moves to another customer.
        merged, target = connection.execute(
            """
            select a.customer_id, b.customer_id
            from (select customer_id from marts.dim_identity_records
                  where customer_id is not null group by customer_id
                  having count(distinct source_system) >= 2
                  order by customer_id limit 1) as a,
                 (select customer_id from marts.dim_identity_records
                  where customer_id is not null
                  order by customer_id desc limit 1) as b
            """
        ).fetchone()
        moved = dict(
            connection.execute(
                "select source_system, count(*) from marts.dim_identity_records "
                "where customer_id = ? group by source_system",
                [merged],
            ).fetchall()
        )
        connection.execute(
            "update marts.dim_identity_records set customer_id = ? "
            "where customer_id = ?",
            [target, merged],
        )
        # Identification: three anonymous records join the target customer.
        identified = connection.execute(
            "select record_id, source_system from marts.dim_identity_records "
            "where customer_id is null order by record_id limit 3"
        ).fetchall()
        for record_id, _ in identified:
            connection.execute(
                "update marts.dim_identity_records set customer_id = ? "
                "where record_id = ?",
                [target, record_id],
            )

    build_churn(copy_db, SECOND_AS_OF)
    rows = {
        row[0]: row[1:]
        for row in query(
            copy_db,
            "select source_system, cast(from_date as varchar), records_moved, "
            "records_newly_identified, records_new, records_gone, records_before, "
            "records_now "
            "from marts.fct_identity_churn",
        )
    }
    newly = {}
    for _, source in identified:
        newly[source] = newly.get(source, 0) + 1
    assert identified, "the test needs anonymous records"
    for source, (
        from_date,
        moved_n,
        newly_n,
        new_n,
        gone_n,
        before,
        now,
    ) in rows.items():
        assert from_date == FIRST_AS_OF
        assert moved_n == moved.get(source, 0), source
        assert newly_n == newly.get(source, 0), source
        assert (new_n, gone_n) == (0, 0)
        assert before == now
