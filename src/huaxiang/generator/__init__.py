"""Deterministic demo-data generators, one module per industry.

Each industry module exposes `generate(n_persons, seed)`, yielding raw tables that
follow docs/input_contract.md and ground-truth tables for evaluation. All industries
share one engine (`retail.generate_industry`: persons, identities, mess, core tables,
truth); an industry module supplies an `IndustryProfile` (profile.py: catalog, stores,
app event types, archetypes) and an extension writing its own tables and latent truth
(helpers in extension.py). To add an industry: write such a module, register it in
INDUSTRIES (keep the codes equal to seeds/industries.csv), document its tables in
docs/input_contract.md and map its coded values in seeds/standard_values.csv.
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
