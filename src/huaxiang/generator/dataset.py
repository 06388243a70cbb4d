"""What an industry generator yields: named tables, raw or ground truth."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

import pyarrow as pa


@dataclass(frozen=True)
class OutputTable:
    """One generated table. `raw` tables follow the input contract (all text columns);
    `truth` tables are for evaluation only and never read by models."""

    kind: Literal["raw", "truth"]
    name: str
    table: pa.Table


# An industry generator: (number of persons, seed) -> tables, yielded one by one so the
# writer can free each before the next is built.
IndustryGenerator = Callable[[int, int], Iterator[OutputTable]]
