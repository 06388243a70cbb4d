"""Stress graphs for identity resolution: long chains of records.

A chain of L records links record i and record i + 1 through one shared
identifier, so the graph is a path of 2L - 1 nodes: the worst case for label
propagation (L rounds) and the case large-star / small-star must handle in
O(log L) rounds. Node keys are numbered in random order along the chain, so
no algorithm gets the smallest key at one end for free.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

# Chains of 1,000 to 100,000 records (170,000 records, 339,974 edges).
DEFAULT_CHAIN_LENGTHS: tuple[int, ...] = (1_000,) * 20 + (10_000,) * 5 + (100_000,)


def chain_edges(lengths: tuple[int, ...] | list[int], seed: int = 42) -> pd.DataFrame:
    """Edges (record_key, identifier_node_key) of one path per chain length.

    Chain c of length L has records 0..L-1 and identifiers 0..L-2; record i
    and record i + 1 both carry identifier i. Keys are 'stress:r<number>' and
    'phone:stress<number>' with numbers shuffled over all chains.
    """
    if any(length < 1 for length in lengths):
        raise ValueError(f"chain lengths must be at least 1, got {list(lengths)}")
    rng = np.random.default_rng(seed)
    total_records = int(sum(lengths))
    total_identifiers = int(sum(length - 1 for length in lengths))
    record_numbers = rng.permutation(total_records)
    identifier_numbers = rng.permutation(total_identifiers)
    lefts: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    record_offset = identifier_offset = 0
    for length in lengths:
        identifiers = identifier_offset + np.arange(length - 1)
        records = record_offset + np.arange(length)
        # record i -> identifier i, and record i + 1 -> identifier i.
        lefts += [records[:-1], records[1:]]
        rights += [identifiers, identifiers]
        record_offset += length
        identifier_offset += length - 1
    left = record_numbers[np.concatenate(lefts)] if lefts else np.array([], int)
    right = identifier_numbers[np.concatenate(rights)] if rights else np.array([], int)
    width = len(str(max(total_records, total_identifiers, 1)))
    return pd.DataFrame(
        {
            "record_key": [f"stress:r{n:0{width}d}" for n in left],
            "identifier_node_key": [f"phone:stress{n:0{width}d}" for n in right],
        }
    )


def scaled_chain_lengths(
    lengths: tuple[int, ...] | list[int], records: int
) -> tuple[int, ...]:
    """lengths with every chain k times longer, about records records in all.

    k = round(records / sum(lengths)), at least 1: the same mix of short and
    long chains, stretched to a graph as large as a real one.
    """
    if not lengths or min(lengths) < 1:
        raise ValueError(f"chain lengths must be at least 1, got {list(lengths)}")
    factor = max(1, round(records / sum(lengths)))
    return tuple(length * factor for length in lengths)


def expected_components(lengths: tuple[int, ...] | list[int]) -> int:
    """Number of components of chain_edges(lengths): one per chain."""
    return len(lengths)


def encode_edges(edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer codes of both edge ends (one code per distinct node key)."""
    codes, nodes = pd.factorize(
        pd.concat(
            [edges["record_key"], edges["identifier_node_key"]], ignore_index=True
        )
    )
    n_edges = len(edges)
    return codes[:n_edges], codes[n_edges:], len(nodes)


def scipy_components(
    left: np.ndarray, right: np.ndarray, n_nodes: int
) -> tuple[int, np.ndarray, float]:
    """scipy connected_components on integer edges: (count, labels, seconds).

    The time covers building the sparse matrix and the call, not reading or
    encoding the keys (the most favourable measurement for scipy).
    """
    started = time.perf_counter()
    graph = coo_matrix(
        (np.ones(len(left), dtype=np.int8), (left, right)), shape=(n_nodes, n_nodes)
    ).tocsr()
    count, labels = connected_components(graph, directed=False)
    return int(count), labels, time.perf_counter() - started
