"""Vectorised text building: compose millions of strings without Python loops.

A string column is described as a sequence of segments: literal text, zero-padded or
plain integers, picks from a small pool, existing string arrays. Each segment may apply
to a subset of rows only (`where`), which is how one call writes several formats side
by side (`2025/03/01 10:00` next to `2025-03-01T10:00:00+08:00`) or swaps in a
placeholder. `build` renders the segments into a rows x bytes matrix, block by block,
and compacts it into one UTF-8 buffer wrapped as a pyarrow string array.

Cost is a few numpy passes per segment and block of rows, whatever the number of
distinct values: millions of formatted values take well under a second each column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

_DIGIT = ord("0")
# Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
_WIDE_LEAD = (0xEF, 0xBC)
_WIDE_BASE = 0x90
# Rows per block: keeps the scratch matrix (rows x widest layout) small and in cache.
_CHUNK_ROWS = 1 << 15

Rows = slice | np.ndarray  # a contiguous range or the indices of active rows
# A segment's rendering of k rows: bytes (k, width), mask of the bytes used (None: all)
# and bytes used per row (None: all of width).
Rendered = tuple[np.ndarray, np.ndarray | None, np.ndarray | None]
_POWERS = 10 ** np.arange(19, dtype=np.int64)


def _ascii_digits(values: np.ndarray, nd: int) -> np.ndarray:
    """(n, nd) ASCII digits of non-negative ints, zero-padded, most significant first.

    Works digit by digit on uint32 (numpy's `//` by a constant is vectorised; divmod
    and int64 are several times slower), filling a digits-by-rows array whose rows
    are contiguous.
    """
    out = np.empty((nd, len(values)), dtype=np.uint8)
    parts = [(values, 0, nd)]
    if nd > 9:
        high = values // 10**9
        parts = [(high, 0, nd - 9), (values - high * 10**9, nd - 9, nd)]
    for part, first, last in parts:
        v = part.astype(np.uint32)
        for j in range(last - 1, first - 1, -1):
            q = v // 10
            np.subtract(v, q * 10, out=out[j], casting="unsafe")
            v = q
    out += _DIGIT
    return out.T


def _digit_count(values: np.ndarray, nd: int) -> np.ndarray:
    count = np.ones(len(values), dtype=np.int64)
    for p in _POWERS[1:nd]:
        count += values >= p
    return count


@dataclass
class Lit:
    """Literal text, on every row or on the rows where `where` is true."""

    text: str
    where: np.ndarray | None = None

    def width(self) -> int:
        return len(self.text.encode())

    def render(self, rows: Rows, k: int) -> Rendered:
        data = np.frombuffer(self.text.encode(), dtype=np.uint8)
        return np.broadcast_to(data, (k, len(data))), None, None


@dataclass
class Num:
    """A non-negative integer, zero-padded to `pad_to` digits or, without it, as is.

    Rows in `wide` use full-width digits (０１２...), as typed on Chinese keyboards.
    """

    values: np.ndarray
    pad_to: int | None = None
    where: np.ndarray | None = None
    wide: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.int64)
        live = self.values if self.where is None else self.values[self.where]
        if len(live) and int(live.min()) < 0:
            raise ValueError("Num takes non-negative integers; write the sign apart.")
        top = int(live.max()) if len(live) else 0
        if top >= 10**18:
            raise ValueError("Num handles at most 18 digits.")
        self._digits = max(self.pad_to or 1, len(str(top)))

    def width(self) -> int:
        return self._digits * (1 if self.wide is None else 3)

    def render(self, rows: Rows, k: int) -> Rendered:
        nd = self._digits
        values = self.values[rows]
        digits = _ascii_digits(values, nd)
        used = lens = None
        if self.pad_to is None or self.pad_to < nd:
            # Drop leading zeros (keep at least pad_to digits).
            lens = np.maximum(_digit_count(values, nd), self.pad_to or 1)
            used = np.arange(nd)[None, :] >= (nd - lens)[:, None]
        if self.wide is None:
            return digits, used, lens
        wide = self.wide[rows]
        out = np.empty((k, 3 * nd), dtype=np.uint8)
        out[:, 0::3] = _WIDE_LEAD[0]
        out[:, 1::3] = _WIDE_LEAD[1]
        out[:, 2::3] = np.where(wide[:, None], digits + (_WIDE_BASE - _DIGIT), digits)
        shown = np.ones((k, nd), dtype=bool) if used is None else used
        full = np.empty((k, 3 * nd), dtype=bool)
        full[:, 0::3] = shown & wide[:, None]
        full[:, 1::3] = shown & wide[:, None]
        full[:, 2::3] = shown
        shown_count = np.full(k, nd, dtype=np.int64) if lens is None else lens
        return out, full, shown_count * (1 + 2 * wide)


@dataclass
class Pick:
    """Per row, the text `pool[codes[row]]` (pool of a few to a few thousand items)."""

    codes: np.ndarray
    pool: Sequence[str]
    where: np.ndarray | None = None

    def __post_init__(self) -> None:
        encoded = [s.encode() for s in self.pool]
        self._lens = np.array([len(b) for b in encoded], dtype=np.int64)
        self._matrix = np.zeros((len(encoded), self.width()), dtype=np.uint8)
        for i, b in enumerate(encoded):
            self._matrix[i, : len(b)] = np.frombuffer(b, dtype=np.uint8)
        self.codes = np.asarray(self.codes, dtype=np.int64)
        self._same_length = len(set(self._lens.tolist())) <= 1

    def width(self) -> int:
        return max(int(self._lens.max()) if len(self._lens) else 0, 1)

    def render(self, rows: Rows, k: int) -> Rendered:
        codes = self.codes[rows]
        if self._same_length and self._lens[0] == self.width():
            return self._matrix[codes], None, None
        lens = self._lens[codes]
        used = np.arange(self.width())[None, :] < lens[:, None]
        return self._matrix[codes], used, lens


@dataclass
class Text:
    """Copy an existing string column (pyarrow string array; nulls count as empty)."""

    values: pa.Array
    where: np.ndarray | None = None

    def __post_init__(self) -> None:
        arr = self.values
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        arr = arr.cast(pa.string())
        if arr.null_count:
            arr = arr.fill_null("")
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)
        offsets = offsets[arr.offset : arr.offset + len(arr) + 1].astype(np.int64)
        data = arr.buffers()[2]
        self._data = (
            np.frombuffer(data, dtype=np.uint8)
            if data is not None
            else np.zeros(0, dtype=np.uint8)
        )
        self._start = offsets[:-1]
        self._len = np.diff(offsets)
        self._width = max(int(self._len.max()) if len(self._len) else 0, 1)

    def width(self) -> int:
        return self._width

    def render(self, rows: Rows, k: int) -> Rendered:
        lens = self._len[rows]
        used = np.arange(self._width)[None, :] < lens[:, None]
        out = np.zeros((k, self._width), dtype=np.uint8)
        r, within = np.nonzero(used)
        out[r, within] = self._data[self._start[rows][r] + within]
        return out, used, lens


Segment = Lit | Num | Pick | Text


def build(n: int, *segments: Segment, null: np.ndarray | None = None) -> pa.Array:
    """Concatenate `segments` row by row into a pyarrow string array of length n.

    Each segment renders its active rows into its own block of columns of a
    rows x bytes scratch matrix, with a mask of the bytes it uses; the row-major
    compaction of the matrix by the mask is the UTF-8 data buffer. Segments active on
    few rows (most mess) cost little. Rows in `null` become null (empty CSV field).
    """
    widths = [seg.width() for seg in segments]
    starts = np.concatenate([[0], np.cumsum(widths)]).astype(int)
    total_width = int(starts[-1])
    pieces, lengths = [], []
    for lo in range(0, n, _CHUNK_ROWS):
        hi = min(n, lo + _CHUNK_ROWS)
        size = hi - lo
        block = np.zeros((size, total_width), dtype=np.uint8)
        used = np.zeros((size, total_width), dtype=bool)
        row_len = np.zeros(size, dtype=np.int64)
        for seg, a, b in zip(segments, starts[:-1], starts[1:], strict=True):
            if seg.where is None:
                vals, seg_used, seg_len = seg.render(slice(lo, hi), size)
                block[:, a:b] = vals
                used[:, a:b] = True if seg_used is None else seg_used
                row_len += b - a if seg_len is None else seg_len
                continue
            active = seg.where[lo:hi]
            local = np.flatnonzero(active)
            if len(local) == 0:
                continue
            if 4 * len(local) >= size:
                # Mostly active: render every row (slice writes beat scattered ones).
                vals, seg_used, seg_len = seg.render(slice(lo, hi), size)
                block[:, a:b] = vals
                col = active[:, None]
                used[:, a:b] = col if seg_used is None else seg_used & col
                row_len += (b - a if seg_len is None else seg_len) * active
                continue
            vals, seg_used, seg_len = seg.render(local + lo, len(local))
            block[local, a:b] = vals
            used[local, a:b] = True if seg_used is None else seg_used
            row_len[local] += b - a if seg_len is None else seg_len
        pieces.append(block[used])
        lengths.append(row_len)
    data = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint8)
    offsets = np.zeros(n + 1, dtype=np.int64)
    if n:
        np.cumsum(np.concatenate(lengths), out=offsets[1:])
    if offsets[-1] >= 2**31:
        raise ValueError("column too large for one string array; build it in parts")
    validity = None
    null_count = 0
    if null is not None and null.any():
        validity = pa.py_buffer(np.packbits(~null, bitorder="little"))
        null_count = int(null.sum())
    return pa.StringArray.from_buffers(
        n,
        pa.py_buffer(offsets.astype(np.int32)),
        pa.py_buffer(data),
        validity,
        null_count=null_count,
    )


def pool_array(pool: Sequence[str], codes: np.ndarray) -> pa.Array:
    """`pool[codes]` as a string array (a Pick on its own)."""
    return build(len(codes), Pick(codes, pool))


def integers(values: np.ndarray) -> pa.Array:
    """Integers as text; negative values get a leading minus."""
    v = np.asarray(values, dtype=np.int64)
    if len(v) and int(v.max()) - int(v.min()) < 4096:
        # Quantities, line numbers: look the text up instead of computing digits.
        low = int(v.min())
        pool = [str(i) for i in range(low, int(v.max()) + 1)]
        return build(len(v), Pick(v - low, pool))
    neg = v < 0
    return build(len(v), Lit("-", neg), Num(np.abs(v)))


def money(cents: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Cents as decimal text with two places: 1234 -> `12.34`, -5 -> `-0.05`."""
    c = np.asarray(cents, dtype=np.int64)
    neg = c < 0
    a = np.abs(c)
    return build(
        len(c), Lit("-", neg), Num(a // 100), Lit("."), Num(a % 100, 2), null=null
    )


def prefixed(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Keys such as `M00012345`: a prefix and a zero-padded number."""
    return build(len(numbers), Lit(prefix), Num(numbers, width))


def hex_ids(raw: np.ndarray, upper: np.ndarray) -> pa.Array:
    """32-char hex strings from an (n, 16) uint8 array; rows in `upper` in capitals."""
    lower_table = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    upper_table = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
    n = raw.shape[0]
    out = np.empty((n, 32), dtype=np.uint8)
    hi, lo = raw >> 4, raw & 15
    out[:, 0::2] = np.where(upper[:, None], upper_table[hi], lower_table[hi])
    out[:, 1::2] = np.where(upper[:, None], upper_table[lo], lower_table[lo])
    offsets = np.arange(0, 32 * n + 1, 32, dtype=np.int32)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets), pa.py_buffer(out.reshape(-1))
    )
