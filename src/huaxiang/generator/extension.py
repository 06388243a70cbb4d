"""Shared pieces for industry extension tables (bank holdings, device telemetry...).

An extension receives the core facts of the generated population (true persons, their
CRM memberships and e-commerce accounts, the catalog) and writes extra raw tables that
reference a core record key (crm member_id or ecom account_id), with the same kinds of
mess as the core tables, plus truth tables of the latent attributes that drove them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from huaxiang.generator import mess
from huaxiang.generator.formatting import Text, build, pool_array
from huaxiang.generator.retail import (
    DUPLICATE_ROW_RATE,
    MISSING_KEY_RATE,
    Accounts,
    Catalog,
    Memberships,
    Persons,
)

# Extension rows whose customer reference is written empty (quarantined downstream).
MISSING_REF_RATE = 0.003
# Values written in a form no mapping knows (quarantined or flagged downstream).
UNMAPPED_VALUE_RATE = 0.003
INVALID_AMOUNT_RATE = 0.002


@dataclass
class CoreFacts:
    """What the core generator knows and an extension may use."""

    persons: Persons
    members: Memberships
    accounts: Accounts
    catalog: Catalog
    app_owner: np.ndarray  # per person: has an app device
    n_pos: np.ndarray  # receipts per person
    n_ecom: np.ndarray  # online orders per person

    def reachable(self) -> np.ndarray:
        """Persons with a CRM membership or an e-commerce account (real persons)."""
        p = self.persons
        has = (self.members.first_of >= 0) | (self.accounts.first_of >= 0)
        return has & (p.archetype != p.profile.test_code)

    def customer_refs(
        self, person: np.ndarray, rng: np.random.Generator, prefer: str = "member"
    ) -> tuple[pa.Array, pa.Array]:
        """(member_id, account_id) as written on extension rows of `person`: the
        first membership's id when there is one, else the first account's id (with
        prefer="account" the other way round); a few rows carry neither
        (MISSING_REF_RATE)."""
        m = self.members.first_of[person]
        a = self.accounts.first_of[person]
        member_ids = self.members.member_id
        assert member_ids is not None
        use_member = m >= 0
        if prefer == "account":
            use_member &= a < 0
        missing = rng.random(len(person)) < MISSING_REF_RATE
        member = build(
            len(person),
            Text(member_ids.take(pa.array(np.maximum(m, 0)))),
            null=~use_member | missing,
        )
        account = build(
            len(person),
            Text(self.accounts.account_id.take(pa.array(np.maximum(a, 0)))),
            null=use_member | (a < 0) | missing,
        )
        return member, account


def person_ids(person: np.ndarray) -> pa.Array:
    from huaxiang.generator.retail import _person_ids

    return _person_ids(person)


def null_key(ids: pa.Array, rng: np.random.Generator) -> pa.Array:
    """Blank MISSING_KEY_RATE of the keys."""
    blank = rng.random(len(ids)) < MISSING_KEY_RATE
    return pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), ids)


def with_duplicates(table: pa.Table, rng: np.random.Generator) -> pa.Table:
    """`table` followed by exact copies of DUPLICATE_ROW_RATE of its rows."""
    again = mess.duplicated_rows(rng, table.num_rows, DUPLICATE_ROW_RATE)
    return pa.concat_tables([table, table.take(pa.array(again))])


def text_table(columns: dict[str, pa.Array]) -> pa.Table:
    return pa.table({k: v.cast(pa.string()) for k, v in columns.items()})


def written_codes(
    rng: np.random.Generator,
    codes: np.ndarray,
    spellings: tuple[tuple[str, ...], ...],
    unmapped: str = "其他",
) -> pa.Array:
    """Category codes as different systems spell them: spellings[code] lists the
    accepted forms (first = canonical); a few rows get an unmapped value."""
    k = max(len(s) for s in spellings)
    style = np.minimum(
        mess.choose(rng, (0.6,) + (0.4 / (k - 1),) * (k - 1), len(codes))
        if k > 1
        else np.zeros(len(codes), dtype=np.int64),
        np.array([len(s) - 1 for s in spellings])[codes],
    )
    pool = [form for s in spellings for form in s] + [unmapped]
    offset = np.cumsum([0] + [len(s) for s in spellings])[:-1]
    flat = offset[codes] + style
    bad = rng.random(len(codes)) < UNMAPPED_VALUE_RATE
    return pool_array(pool, np.where(bad, len(pool) - 1, flat))


DATE_STYLE_WEIGHTS = (0.75, 0.15, 0.10)  # 2026-06-30, 2026/6/30, 20260630
MALFORMED_DATES = ("2025-13-45", "N/A", "0000-00-00", "--", "待定")
FUTURE_FIRST_DAY = mess.FUTURE_FIRST_DAY


def date_text(
    days: np.ndarray,
    rng: np.random.Generator,
    *,
    malformed_rate: float,
    future_rate: float = 0.0,
    null: np.ndarray | None = None,
) -> pa.Array:
    """Dates (days since 1970) as 2026-06-30, 2026/6/30 or 20260630; some malformed,
    some moved into 2029-2034 (after any as-of date)."""
    from huaxiang.generator.formatting import Lit, Num, Pick

    n = len(days)
    d = np.asarray(days, dtype=np.int64).copy()
    future = rng.random(n) < future_rate
    d[future] = FUTURE_FIRST_DAY + rng.integers(0, 6 * 365, int(future.sum()))
    style = mess.choose(rng, DATE_STYLE_WEIGHTS, n)
    bad = rng.random(n) < malformed_rate
    ok = ~bad
    year, month, day, *_ = mess._calendar(d * 86400)
    dashed, slashed, compact = ok & (style == 0), ok & (style == 1), ok & (style == 2)
    padded = dashed | compact
    return build(
        n,
        Num(year, 4, ok),
        Lit("-", dashed),
        Lit("/", slashed),
        Num(month, 2, padded),
        Num(month, None, slashed),
        Lit("-", dashed),
        Lit("/", slashed),
        Num(day, 2, padded),
        Num(day, None, slashed),
        Pick(rng.integers(0, len(MALFORMED_DATES), n), MALFORMED_DATES, bad),
        null=null,
    )


MONEY_STYLE_WEIGHTS = (0.85, 0.10, 0.05)  # 1234.50, ¥1,234.50, 1,234.50
INVALID_AMOUNTS = ("N/A", "--", "待核实")


def money_text(
    cents: np.ndarray,
    rng: np.random.Generator,
    *,
    invalid_rate: float = INVALID_AMOUNT_RATE,
    null: np.ndarray | None = None,
) -> pa.Array:
    """Amounts (cents) as 1234.50, ¥1,234.50 or 1,234.50; a few unparseable."""
    from huaxiang.generator.formatting import Lit, Num, Pick

    c = np.asarray(cents, dtype=np.int64)
    n = len(c)
    style = mess.choose(rng, MONEY_STYLE_WEIGHTS, n)
    bad = rng.random(n) < invalid_rate
    ok = ~bad
    neg = (c < 0) & ok
    a = np.abs(c)
    yuan = a // 100
    grouped = ok & (style > 0)
    plain = ok & ~grouped
    # Thousands groups: up to 4 groups of three digits (below 10^12 yuan).
    g3, g2, g1, g0 = (
        yuan // 10**9,
        (yuan // 10**6) % 1000,
        (yuan // 1000) % 1000,
        yuan % 1000,
    )
    has3, has2, has1 = (
        grouped & (g3 > 0),
        grouped & (yuan >= 10**6),
        grouped & (yuan >= 1000),
    )
    return build(
        n,
        Lit("-", neg),
        Lit("¥", ok & (style == 1)),
        Num(yuan, None, plain),
        Num(g3, None, has3),
        Lit(",", has3),
        Num(g2, None, has2 & ~has3),
        Num(g2, 3, has2 & has3),
        Lit(",", has2),
        Num(g1, None, has1 & ~has2),
        Num(g1, 3, has1 & has2),
        Lit(",", has1),
        Num(g0, None, grouped & ~has1),
        Num(g0, 3, has1),
        Lit(".", ok),
        Num(a % 100, 2, ok),
        Pick(rng.integers(0, len(INVALID_AMOUNTS), n), INVALID_AMOUNTS, bad),
        null=null,
    )


def integer_text(
    values: np.ndarray,
    rng: np.random.Generator,
    *,
    invalid_rate: float = 0.0,
    null: np.ndarray | None = None,
) -> pa.Array:
    """Whole numbers as text; a few written as N/A."""
    from huaxiang.generator.formatting import Lit, Num, Pick

    v = np.asarray(values, dtype=np.int64)
    n = len(v)
    bad = rng.random(n) < invalid_rate
    neg = (v < 0) & ~bad
    return build(
        n,
        Lit("-", neg),
        Num(np.abs(v), None, ~bad),
        Pick(np.zeros(n, dtype=np.int64), ("N/A",), bad),
        null=null,
    )


def latent_draw(
    rng: np.random.Generator,
    archetype: np.ndarray,
    per_archetype: dict[int, tuple[float, ...]],
) -> np.ndarray:
    """A categorical code per person with weights depending on the archetype code
    (archetypes missing from the dict get code 0)."""
    from huaxiang.generator.seeding import categorical

    out = np.zeros(len(archetype), dtype=np.int64)
    for code, weights in per_archetype.items():
        rows = np.flatnonzero(archetype == code)
        out[rows] = categorical(rng, np.array(weights), len(rows))
    return out


def products_of_category(catalog: Catalog, category: int) -> np.ndarray:
    """Product indices of one category."""
    return np.flatnonzero(catalog.product_category == category)
