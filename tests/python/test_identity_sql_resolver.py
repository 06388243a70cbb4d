"""The portable SQL resolver (macros/identity/connected_components.sql) on
stress graphs, run by dbt into a throw-away DuckDB file next to scipy's model.

Chains with node keys in random order (the bench's stress graph, smaller), one
chain whose keys are sorted along it (the order that defeats min-label
contraction without the hash-ordered ids), a star and an isolated pair: the SQL
resolver must give every node the same component_key as scipy, within the
rounds the algorithm promises, and leave no work table behind; with too few
rounds it must fail and say which var to raise.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import run_dbt

from huaxiang.bench import stress

MODELS = ["int_identity_components_sql", "int_identity_components_scipy"]


def _edges() -> pd.DataFrame:
    chains = stress.chain_edges([3000, 400, 50, 2], seed=4)
    # Path rec_1 - id_1 - rec_2 - id_2 - ... - rec_2000 with keys rising along
    # it (rec_i = 2i, id_i = 2i + 1): sorted keys, the worst order for
    # min-label contraction on the keys themselves.
    steps = range(1, 2000)
    sorted_chain = pd.DataFrame(
        {
            "record_key": [f"sorted:{2 * i:06d}" for i in steps]
            + [f"sorted:{2 * (i + 1):06d}" for i in steps],
            "identifier_node_key": [f"sorted:{2 * i + 1:06d}" for i in steps] * 2,
        }
    )
    star = pd.DataFrame(
        {
            "record_key": [f"star:r{i:03d}" for i in range(200)],
            "identifier_node_key": ["star:hub"] * 200,
        }
    )
    pair = pd.DataFrame({"record_key": ["pair:b"], "identifier_node_key": ["pair:a"]})
    return pd.concat([chains, sorted_chain, star, pair], ignore_index=True)


@pytest.fixture(scope="module")
def stress_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("identity_sql") / "stress.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema intermediate")
        con.register("edges", _edges())
        con.execute(
            "create table intermediate.int_identity_edges_filtered as "
            "select distinct record_key, identifier_node_key from edges"
        )
    return db


def test_sql_resolver_matches_scipy_in_few_rounds(stress_db):
    run_dbt(["run", "-s", *MODELS, "--quiet"], {"HUAXIANG_DUCKDB_PATH": str(stress_db)})
    with duckdb.connect(str(stress_db), read_only=True) as con:
        differing = con.execute(
            """
            select count(*)
            from intermediate.int_identity_components_sql as s
            full join intermediate.int_identity_components_scipy as p
                on s.node_key = p.node_key
            where s.component_key is distinct from p.component_key
            """
        ).fetchall()[0][0]
        components, rounds = con.execute(
            "select count(distinct component_key), max(rounds_to_converge) "
            "from intermediate.int_identity_components_sql"
        ).fetchall()[0]
        sorted_key = con.execute(
            "select distinct component_key "
            "from intermediate.int_identity_components_sql "
            "where node_key like 'sorted:%'"
        ).fetchall()
        left_over = con.execute(
            "select table_name from duckdb_tables() "
            "where starts_with(table_name, 'int_identity_components_sql__cc_')"
        ).fetchall()
    assert differing == 0
    assert components == 4 + 1 + 1 + 1  # four chains, the sorted chain, star, pair
    assert sorted_key == [("sorted:000002",)]
    # Longest path: 2 x 3,000 - 1 nodes. A round keeps about one node in nine
    # on a path; allow one node in four, far from the ~log2 rounds of halving.
    assert 1 <= rounds <= math.ceil(math.log(6000, 4)) + 1
    assert left_over == []


def test_sql_resolver_fails_naming_the_var_when_rounds_run_out(stress_db):
    result = run_dbt(
        [
            "run",
            "-s",
            "int_identity_components_sql",
            "--vars",
            json.dumps({"identity_max_rounds": 1}),
        ],
        {"HUAXIANG_DUCKDB_PATH": str(stress_db)},
        check=False,
    )
    assert result.returncode != 0
    assert "edges still left after 1 rounds" in result.stdout
    assert "identity_max_rounds" in result.stdout
