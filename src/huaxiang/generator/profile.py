"""What makes one industry's demo data different from another's: an IndustryProfile.

Every industry writes the same canonical core tables (crm_members, products, pos_stores,
pos_transactions, pos_transaction_lines, ecom_accounts, ecom_orders, ecom_order_lines,
app_events) with the same messiness and ground truth; the shared engine is
`huaxiang.generator.retail` (it was written for retail first). A profile supplies the
dressing: the product catalog, what a "store" is, the app's event types, how many
items a basket holds, and the archetypes whose parameters drive behaviour. Industry
facts that do not fit the core tables (bank holdings, device telemetry...) are written
by the profile's `extension` (see `huaxiang.generator.extension`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huaxiang.generator.dataset import OutputTable
    from huaxiang.generator.extension import CoreFacts


@dataclass(frozen=True)
class Archetype:
    """How one kind of customer behaves. Rates are per active year."""

    name: str
    share: float  # of real persons
    p_crm: float
    p_ecom: float
    p_app: float  # of account holders
    p_existing: float  # already a customer on 2024-01-01
    churn_rate: float
    pos_per_year: float
    ecom_per_year: float
    pos_lines: float  # mean lines per receipt
    ecom_lines: float
    promo_affinity: float  # multiplier on discounts and coupons
    app_engagement: float
    female_share: float
    age_mean: float
    tier_weights: tuple[float, float, float, float]  # normal, silver, gold, diamond
    category_weights: tuple[float, ...]  # over the profile's categories


@dataclass(frozen=True)
class CatalogSpec:
    """Products and stores of an industry.

    subcategories: per category, (subcategory, low price, high price) in yuan;
    brands: per category, five brand names; products_per_category: SKU counts.
    Store names are `{store_prefix}{city}{area}{store_suffix}`; store_types are
    written as-is in pos_stores.store_type (map them in seeds/standard_values.csv).
    """

    categories: tuple[str, ...]
    subcategories: dict[str, tuple[tuple[str, int, int], ...]]
    brands: dict[str, tuple[str, ...]]
    products_per_category: tuple[int, ...]
    variants: tuple[str, ...]
    store_types: tuple[str, ...]
    store_type_weights: tuple[float, ...]
    store_type_visit_weights: tuple[float, ...]  # relative traffic per store type
    store_areas: dict[str, tuple[str, ...]]
    store_prefix: str
    store_suffix: str


# An extension: (core facts, seed) -> extra raw tables and truth tables.
Extension = Callable[["CoreFacts", int], Iterator["OutputTable"]]


@dataclass(frozen=True)
class IndustryProfile:
    """Everything an industry changes in the shared generator."""

    name: str
    catalog: CatalogSpec
    archetypes: tuple[Archetype, ...]  # real-person archetypes (shares sum to 1)
    test_archetype: Archetype
    # Event types of app_events in five slots: open, action without product, view
    # product, action on product, purchase (from orders). Map them in
    # seeds/standard_values.csv (domain event_type).
    app_event_types: tuple[str, str, str, str, str]
    app_browse_weights: tuple[float, float, float, float]
    quantity_weights: tuple[float, ...]  # quantity 1, 2, ... per line
    pos_volume_scale: float
    ecom_volume_scale: float
    newcomer_archetype: str | None = None  # started within the last 6 months
    narrow_age_archetype: str | None = None  # ages clustered around the mean
    extension: Extension | None = field(default=None, compare=False)

    @property
    def all_archetypes(self) -> tuple[Archetype, ...]:
        return (*self.archetypes, self.test_archetype)

    @property
    def test_code(self) -> int:
        """Archetype code of test accounts (after the real archetypes)."""
        return len(self.archetypes)

    def code(self, name: str | None) -> int:
        """Archetype code of a name, -1 when None or unknown."""
        for code, a in enumerate(self.all_archetypes):
            if a.name == name:
                return code
        return -1

    def validate(self) -> None:
        """Fail early, naming the profile, when its parts do not fit together."""
        k = len(self.catalog.categories)
        for a in self.all_archetypes:
            if len(a.category_weights) != k:
                raise ValueError(
                    f"profile {self.name}: archetype {a.name} has "
                    f"{len(a.category_weights)} category weights, catalog has {k}"
                )
        total = sum(a.share for a in self.archetypes)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"profile {self.name}: archetype shares sum to {total}")
        for c in self.catalog.categories:
            if (
                len(self.catalog.subcategories[c]) != 5
                or len(self.catalog.brands[c]) != 5
            ):
                raise ValueError(
                    f"profile {self.name}: category {c} needs 5 subcategories and "
                    "5 brands"
                )
        if len(self.catalog.products_per_category) != k:
            raise ValueError(f"profile {self.name}: products_per_category needs {k}")
