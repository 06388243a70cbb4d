"""Identity graph components with scipy's connected_components (DuckDB path).

Same contract as int_identity_components_sql: one row per node of the graph,
component_key = the smallest node key in its component, so both resolvers can
be compared row by row.

The keys stay in Arrow from the warehouse to the result: they are encoded to
integers by a hash (dictionary encoding), only integer arrays reach scipy, and
the smallest key per component is a hash aggregate (no sort). No Python string
objects are created, which is what made the pandas version of this model slow
at a million customers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components_from_arrow(left: pa.Array, right: pa.Array) -> pa.Table:
    """Label every node with the smallest node key of its connected component.

    left and right are the two ends of each edge (string arrays of equal
    length). Returns node_key, component_key (rows in no particular order).
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
    graph = coo_matrix(
        (np.ones(n_edges, dtype=np.int8), (codes[:n_edges], codes[n_edges:])),
        shape=(n_nodes, n_nodes),
    ).tocsr()  # scipy converts a COO matrix much more slowly itself
    _, labels = connected_components(graph, directed=False)
    # Smallest key per component (byte order, as DuckDB compares varchar).
    minima = (
        pa.table({"label": labels, "node_key": node_keys})
        .group_by("label")
        .aggregate([("node_key", "min")])
    )
    position = np.zeros(labels.max() + 1 if n_nodes else 0, dtype=np.int64)
    position[minima["label"].to_numpy()] = np.arange(minima.num_rows)
    return pa.table(
        {
            "node_key": node_keys,
            "component_key": minima["node_key_min"].take(pa.array(position[labels])),
        }
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
    return components_from_arrow(edges["record_key"], edges["identifier_node_key"])
