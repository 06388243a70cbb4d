"""Named random streams: one independent generator per (seed, table, aspect).

Streams are keyed by name, not by creation order, so adding a table or a column draws
from a new stream and leaves every existing value unchanged.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *names: str) -> np.random.Generator:
    """A generator for `seed` and a path of names, e.g. stream(42, "pos", "lines")."""
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    key = tuple(zlib.crc32(name.encode()) for name in names)
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def unique_integers(
    rng: np.random.Generator,
    n: int,
    low: int,
    high: int,
    exclude: np.ndarray | None = None,
) -> np.ndarray:
    """n distinct integers drawn uniformly from [low, high), in random order.

    Draws with replacement and drops repeats (and `exclude`d values) until n remain:
    O(n log n) whatever the range, unlike a permutation of the whole range.
    """
    if high - low < 2 * n:
        raise ValueError("range too small for that many distinct values")
    taken = np.zeros(0, dtype=np.int64)
    while len(taken) < n:
        need = n - len(taken)
        draw = rng.integers(low, high, size=int(need * 1.05) + 16, dtype=np.int64)
        pool = np.concatenate([taken, draw])
        _, first = np.unique(pool, return_index=True)
        keep = np.zeros(len(pool), dtype=bool)
        keep[first] = True
        if exclude is not None:
            keep &= ~np.isin(pool, exclude)
        taken = pool[keep]
    return taken[:n]


def categorical(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Codes 0..k-1 drawn with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=np.float64)
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(size), side="right").astype(np.int64)
