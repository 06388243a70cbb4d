"""Deterministic demo-data generators, one module per industry.

Each industry module exposes `generate(n_persons, seed)`, yielding raw tables that
follow docs/input_contract.md and ground-truth tables for evaluation. Register a new
industry (finance, manufacturing, healthcare, internet, education, b2b...) by adding its
module to INDUSTRIES.
"""

from __future__ import annotations

from huaxiang.generator import (
    b2b,
    education,
    finance,
    healthcare,
    internet,
    manufacturing,
    retail,
)
from huaxiang.generator.dataset import IndustryGenerator, OutputTable

INDUSTRIES: dict[str, IndustryGenerator] = {
    "retail": retail.generate,
    "finance": finance.generate,
    "manufacturing": manufacturing.generate,
    "healthcare": healthcare.generate,
    "internet": internet.generate,
    "education": education.generate,
    "b2b": b2b.generate,
}

__all__ = ["INDUSTRIES", "IndustryGenerator", "OutputTable", "generate_tables"]


def generate_tables(
    industry: str, n_persons: int, seed: int
) -> dict[tuple[str, str], OutputTable]:
    """All tables of one industry in memory, keyed by (kind, name). For tests and small
    runs; the CLI streams them to disk instead."""
    if industry not in INDUSTRIES:
        known = ", ".join(sorted(INDUSTRIES))
        raise ValueError(f"unknown industry {industry!r}; known: {known}")
    return {(t.kind, t.name): t for t in INDUSTRIES[industry](n_persons, seed)}
