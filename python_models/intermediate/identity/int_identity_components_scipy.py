"""Identity graph components with scipy's connected_components (DuckDB path).

Same contract as int_identity_components_sql: one row per node of the graph,
component_key = the smallest node key in its component, so both resolvers can
be compared row by row.

The keys stay in Arrow from the warehouse to the result: they are encoded to
integers by a hash (dictionary encoding), only integer arrays reach scipy, and
the smallest key per component is a hash aggregate (no sort). No Python string
objects are created, which is what made the pandas version of this model slow
at a million customers.

What dbt times as this node is mostly fixed cost at 100k customers (imports,
reading, writing), so the module imports only numpy, pyarrow and scipy's
csgraph (pandas only in the test wrapper), and model() hands dbt-duckdb a
DuckDB relation over the Arrow labels: the smallest key per component is a
DuckDB aggregate in the same CREATE TABLE AS that writes the model, and
dbt-duckdb does not import pyarrow.dataset as it does for an Arrow table
(about 0.5 s of a 1-2 s node).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

if TYPE_CHECKING:
    import pandas as pd


def labels_from_arrow(left: pa.Array, right: pa.Array) -> pa.Table:
    """Component label of every node: node_key, label (an integer per component).

    left and right are the two ends of each edge (string arrays of equal
    length). Rows in no particular order, one per distinct node.
    """
    if len(left) != len(right):
        raise ValueError(
            f"edge ends differ in length: {len(left)} left, {len(right)} right"
        )
    keys = pa.concat_arrays(
        [_flat_string(left), _flat_string(right)]
    ).dictionary_encode()
    node_keys = keys.dictionary
    n_nodes = len(node_keys)
    n_edges = len(left)
    codes = keys.indices.to_numpy(zero_copy_only=False)
    graph = csr_matrix(
        (np.ones(n_edges, dtype=np.int8), (codes[:n_edges], codes[n_edges:])),
        shape=(n_nodes, n_nodes),
    )  # built as CSR directly: scipy converts a COO matrix more slowly itself
    _, labels = connected_components(graph, directed=False)
    return pa.table({"node_key": node_keys, "label": labels})


def components_from_arrow(left: pa.Array, right: pa.Array) -> pa.Table:
    """Label every node with the smallest node key of its connected component.

    left and right are the two ends of each edge (string arrays of equal
    length). Returns node_key, component_key (rows in no particular order).
    """
    labelled = labels_from_arrow(left, right)
    labels = labelled["label"].to_numpy()
    # Smallest key per component (byte order, as DuckDB compares varchar).
    minima = labelled.group_by("label").aggregate([("node_key", "min")])
    position = np.zeros(labels.max() + 1 if len(labels) else 0, dtype=np.int64)
    position[minima["label"].to_numpy()] = np.arange(minima.num_rows)
    return pa.table(
        {
            "node_key": labelled["node_key"],
            "component_key": minima["node_key_min"].take(pa.array(position[labels])),
        }
    )


def components_relation(session, labelled: pa.Table, name: str):
    """components_from_arrow's result as a DuckDB relation on session.

    The smallest key per label is a DuckDB hash aggregate (parallel, and
    written by the same CREATE TABLE AS that stores the model), instead of
    Arrow's single-threaded group_by. labelled is labels_from_arrow's table;
    it is registered on session under name.
    """
    session.register(name, labelled)
    return session.sql(
        f"""
        select labelled.node_key, minima.component_key
        from {name} as labelled
        inner join (
            select label, min(node_key) as component_key
            from {name}
            group by label
        ) as minima on labelled.label = minima.label
        """
    )


def _flat_string(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def components_from_edges(left: pd.Series, right: pd.Series) -> pd.DataFrame:
    """components_from_arrow for pandas Series (tests, small inputs)."""
    table = components_from_arrow(
        pa.array(left.astype(str).to_numpy(dtype=object), type=pa.string()),
        pa.array(right.astype(str).to_numpy(dtype=object), type=pa.string()),
    )
    return table.to_pandas()


def model(dbt, session):
    dbt.config(materialized="table")
    edges = dbt.ref("int_identity_edges_filtered").to_arrow_table()
    labelled = labels_from_arrow(edges["record_key"], edges["identifier_node_key"])
    # A relation on the model's own connection: dbt-duckdb writes it with one
    # CREATE TABLE AS (no pyarrow.dataset import, no second cursor).
    return components_relation(session, labelled, "__identity_labels_scipy")
