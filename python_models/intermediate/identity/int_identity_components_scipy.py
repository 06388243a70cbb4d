"""Identity graph components with scipy's connected_components (DuckDB path).

Same contract as int_identity_components_sql: one row per node of the graph,
component_key = the smallest node key in its component, so both resolvers can
be compared row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components_from_edges(left: pd.Series, right: pd.Series) -> pd.DataFrame:
    """Label every node with the smallest node key of its connected component."""
    codes, nodes = pd.factorize(pd.concat([left, right], ignore_index=True), sort=True)
    n_edges = len(left)
    n_nodes = len(nodes)
    graph = coo_matrix(
        (np.ones(n_edges, dtype=np.int8), (codes[:n_edges], codes[n_edges:])),
        shape=(n_nodes, n_nodes),
    )
    _, labels = connected_components(graph, directed=False)
    # nodes are sorted, so the first node index per label is the smallest key.
    first_index = np.full(labels.max() + 1 if n_nodes else 0, n_nodes, dtype=np.int64)
    np.minimum.at(first_index, labels, np.arange(n_nodes))
    return pd.DataFrame(
        {
            "node_key": np.asarray(nodes, dtype=object),
            "component_key": np.asarray(nodes, dtype=object)[first_index[labels]],
        }
    )


def model(dbt, session):
    dbt.config(materialized="table")
    edges = dbt.ref("int_identity_edges_filtered").df()
    return components_from_edges(edges["record_key"], edges["identifier_node_key"])
