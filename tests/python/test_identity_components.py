"""The scipy identity resolver's pure function (int_identity_components_scipy.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

MODEL = (
    Path(__file__).resolve().parents[2]
    / "python_models/intermediate/identity/int_identity_components_scipy.py"
)
spec = importlib.util.spec_from_file_location("int_identity_components_scipy", MODEL)
components = importlib.util.module_from_spec(spec)
spec.loader.exec_module(components)


def _expected(left: list[str], right: list[str]) -> dict[str, str]:
    """Smallest key per component, by a plain union-find."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left, right, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: find(node) for node in parent}


def test_every_node_gets_the_smallest_key_of_its_component():
    rng = np.random.default_rng(5)
    left = [f"crm:{n}" for n in rng.integers(0, 300, 400)]
    right = [f"phone:{n}" for n in rng.integers(0, 250, 400)]
    table = components.components_from_arrow(pa.array(left), pa.array(right))
    result = dict(
        zip(
            table["node_key"].to_pylist(),
            table["component_key"].to_pylist(),
            strict=True,
        )
    )
    assert result == _expected(left, right)
    assert table.num_rows == len(set(left) | set(right))


def test_byte_order_decides_the_smallest_key_as_in_duckdb():
    # 'Z' < 'a' < '手' in byte (and code point) order.
    table = components.components_from_arrow(
        pa.array(["a", "手", "Z"]), pa.array(["手", "x", "a"])
    )
    assert set(table["component_key"].to_pylist()) == {"Z"}


def test_pandas_wrapper_and_empty_and_mismatched_input():
    frame = components.components_from_edges(
        pd.Series(["b", "c"]), pd.Series(["c", "d"])
    )
    assert sorted(frame["component_key"]) == ["b", "b", "b"]
    empty = components.components_from_arrow(
        pa.array([], pa.string()), pa.array([], pa.string())
    )
    assert empty.num_rows == 0
    with pytest.raises(ValueError, match="differ in length"):
        components.components_from_arrow(pa.array(["a"]), pa.array([], pa.string()))


def test_long_chains_resolve_to_one_component_each():
    from huaxiang.bench.stress import chain_edges

    edges = chain_edges([5000, 3, 2], seed=9)
    table = components.components_from_arrow(
        pa.array(edges["record_key"]), pa.array(edges["identifier_node_key"])
    )
    assert len(set(table["component_key"].to_pylist())) == 3
    expected = _expected(list(edges["record_key"]), list(edges["identifier_node_key"]))
    assert set(expected.values()) == set(table["component_key"].to_pylist())


def test_model_relation_gives_the_same_components_as_the_arrow_function():
    # model() writes components_relation (smallest key by a DuckDB aggregate);
    # the bench baseline and the tests use components_from_arrow (Arrow
    # group_by): both must label every node alike, byte order included.
    import duckdb

    rng = np.random.default_rng(11)
    left = pa.array([f"crm:{n}" for n in rng.integers(0, 400, 500)] + ["手", "Z"])
    right = pa.array([f"phone:{n}" for n in rng.integers(0, 300, 500)] + ["a", "a"])
    expected = components.components_from_arrow(left, right)
    with duckdb.connect() as con:
        relation = components.components_relation(
            con, components.labels_from_arrow(left, right), "labels_under_test"
        )
        got = dict(relation.fetchall())
    assert got == dict(
        zip(
            expected["node_key"].to_pylist(),
            expected["component_key"].to_pylist(),
            strict=True,
        )
    )
    assert got["手"] == "Z"
    assert len(got) == len(set(left.to_pylist()) | set(right.to_pylist()))


def test_model_relation_of_no_edges_is_empty():
    import duckdb

    empty = pa.array([], pa.string())
    with duckdb.connect() as con:
        relation = components.components_relation(
            con, components.labels_from_arrow(empty, empty), "no_labels"
        )
        assert relation.fetchall() == []
