"""Retail demo data: true persons, the messy source records they leave, ground truth.

A chain of ~40 stores sells ~2,000 SKUs in stores (POS) and online (e-commerce, app,
mini-program). Each true person has an archetype that drives channels, frequency,
basket, categories and churn. Sources see the person only through what each system
captured: a CRM membership (sometimes two), e-commerce accounts, receipts with a card,
a phone or nothing, app devices that may log in. Values are then written the way real
systems write them (see `mess`), with the rates below.

Ground truth (never read by models): `record_truth` has one row per record id of
crm_members, ecom_accounts, pos_transactions and app devices (rows whose key was
written empty cannot be referenced and are left out); `persons` has one row per true
person with clean values: name, gender, birth_date, mobile, email, city, archetype,
is_staff, is_test_account, is_churned, acquired_date (first day active in the window;
2024-01-01 for people already active then), churned_date (no activity after it),
household_partner_id (shares the mobile), has_crm_membership, has_ecom_account,
has_app_device.

Everything is vectorised over rows with numpy; per-archetype loops are the only Python
loops. All randomness comes from named streams of one seed (`seeding.stream`), and no
wall-clock time is read: the data window and as-of date are fixed.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from huaxiang.generator import mess, names
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.formatting import (
    Lit,
    Num,
    Pick,
    Text,
    build,
    hex_ids,
    integers,
    money,
    pool_array,
    prefixed,
)
from huaxiang.generator.profile import Archetype, CatalogSpec, IndustryProfile
from huaxiang.generator.seeding import categorical, stream, unique_integers

# --- calendar (local time, UTC+8, written without zone) -------------------------------
DAY = 86400
WINDOW_START = int(np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64))
WINDOW_END = int(np.datetime64("2026-06-30T23:59:59", "s").astype(np.int64))
AS_OF_DATE = "2026-06-30"
YEAR = 365.25 * DAY
PROMO_DAYS = ("2024-06-18", "2024-11-11", "2024-12-12", "2025-06-18", "2025-11-11",
              "2025-12-12", "2026-06-18")  # fmt: skip

# --- population -----------------------------------------------------------------------
CHINESE_NAME_RATE = 0.85  # the rest have an English name (Emily Chen)
EMAIL_RATE = 0.70  # persons with an e-mail address (unique per person)
SHARED_PHONE_RATE = 0.003  # persons in household pairs that share one mobile
STAFF_RATE = 0.01  # CRM members who are employees (tier EMP), real persons
TEST_ACCOUNT_RATE = 0.0005  # test accounts per real person (at least 3), own person ids

# --- CRM ------------------------------------------------------------------------------
CRM_SECOND_MEMBERSHIP_RATE = 0.08  # members with a duplicate membership record
# How the duplicate differs: same phone / same e-mail (no usable phone) / an old phone.
CRM_DUPLICATE_KIND_WEIGHTS = (0.60, 0.25, 0.15)
CRM_EMAIL_WRITTEN_RATE = 0.80  # members with an e-mail who gave it to the CRM
CRM_PHONE_MISSING_RATE = 0.03  # memberships without a mobile on file
CRM_MOVED_CITY_RATE = 0.03  # city on file is not where the person lives now
CRM_CARD_STYLE_WEIGHTS = (0.96, 0.02, 0.01, 0.01)  # mess.CARD_STYLES

# --- e-commerce -----------------------------------------------------------------------
ECOM_SECOND_ACCOUNT_RATE = 0.04  # account holders with a second account
ECOM_BOUND_CARD_RATE = 0.50  # accounts with the member card bound
ECOM_CARD_STYLE_WEIGHTS = (0.85, 0.05, 0.10, 0.0)
ECOM_COUPON_RATE = 0.30
ECOM_GIFT_RATE = 0.08  # receiver is another person (name, phone, address)
ECOM_OTHER_RECEIVER_PHONE_RATE = 0.04  # own name, someone else's phone
ECOM_CANCEL_RATE = 0.07
ECOM_REFUND_RATE = 0.05
ECOM_UNPAID_CANCEL_SHARE = 0.70  # cancelled before payment (paid_at empty)
ECOM_PROMO_DAY_RATE = 0.12  # orders pulled to 618 / 双11 / 双12
COUPON_CODES = ("NEW20", "VIP50", "618-30", "618-100", "D11-50", "D11-200", "D12-30",
                "MOM15", "BEAUTY40", "FRESH10", "WEEKEND20", "APP10")  # fmt: skip
COUPON_CENTS = (
    2000,
    5000,
    3000,
    10000,
    5000,
    20000,
    3000,
    1500,
    4000,
    1000,
    2000,
    1000,
)
FREE_SHIPPING_FROM_CENTS = 9900
ORDER_STATUSES = ("paid", "shipped", "completed", "cancelled", "refunded")

# --- POS ------------------------------------------------------------------------------
POS_CARD_RATE = 0.55  # receipts showing a member card
POS_PHONE_ONLY_RATE = 0.20  # receipts with a phone but no card; the rest are anonymous
POS_CARD_WITH_PHONE_RATE = 0.10  # card receipts that also record a phone
POS_PLACEHOLDER_PHONE_RATE = 0.025  # receipts where staff typed a placeholder phone
POS_SECOND_CARD_USE_RATE = 0.35  # receipts of two-card members using the second card
POS_HOME_STORE_RATE = 0.85
POS_REFUND_RATE = 0.03  # sales later refunded (a REFUND receipt)
POS_PARTIAL_REFUND_SHARE = 0.30  # refunds of the first line only

# --- churn ----------------------------------------------------------------------------
# How churners leave (the behaviour a churn model can learn beyond recency): most
# leave after a bad last experience, so the final sale of a churner in each channel is
# refunded (a POS REFUND receipt, an e-commerce order refunded) at this rate, and
# churn happens any time from 60 days after a person starts until this many days
# before the data ends (so some churners are still recent at a cut-off).
CHURN_LAST_ORDER_REFUND_RATE = 0.60
CHURN_LATEST_DAYS_BEFORE_END = 30
POS_CARD_STYLE_WEIGHTS = (0.80, 0.08, 0.06, 0.06)
PAYMENT_METHODS = ("wechat", "alipay", "card", "cash")
PAYMENT_WEIGHTS = (0.45, 0.30, 0.15, 0.10)

# --- app ------------------------------------------------------------------------------
APP_EVENTS_PER_USER = 15.0  # average events per app user, purchases included
APP_DEVICES_WEIGHTS = (0.70, 0.25, 0.05)  # 1, 2 or 3 devices per app user
APP_PLATFORMS = ("ios", "android", "miniprogram")
APP_PLATFORM_WEIGHTS = (0.35, 0.40, 0.25)
APP_DEVICE_LOGS_IN_RATE = 0.85  # devices of account holders that ever log in
APP_ANONYMOUS_BROWSER_RATE = 0.08  # persons without an account who browse the app
APP_LOGIN_EVENT_RATE = 0.60  # events carrying login_account_id on a logged-in device
APP_LOGIN_PHONE_RATE = 0.30  # mini-program events carrying the authorised phone
APP_PURCHASE_EVENT_RATE = 0.30  # orders of app users that leave a purchase event
APP_DEVICE_CASE_FLIP_RATE = 0.03  # events whose device_id case differs from the usual
APP_EVENT_TYPES = ("app_open", "search", "view_product", "add_to_cart", "purchase")
APP_BROWSE_WEIGHTS = (0.30, 0.15, 0.40, 0.15)  # purchases come from orders

# --- mess on written values -----------------------------------------------------------
PHONE_PLACEHOLDER_RATE = 0.025  # CRM mobiles replaced by a placeholder
ACCOUNT_PHONE_PLACEHOLDER_RATE = 0.02  # e-commerce account phones likewise
LOGIN_PHONE_PLACEHOLDER_RATE = 0.005
EMAIL_PLACEHOLDER_RATE = 0.02  # e-mail fields holding test@test.com, null, -1...
EMAIL_TYPO_RATE = 0.005  # domain typos (gmial.com), only where a phone is also written
DUPLICATE_ROW_RATE = 0.01  # exact duplicate rows (CRM, POS, orders, app events)
MISSING_KEY_RATE = 0.002  # rows whose key is empty
MALFORMED_DATE_RATE = 0.002  # 2025-13-45, N/A, empty...
FUTURE_DATE_RATE = 0.001  # timestamps moved 4-8 years past the as-of date
NEGATIVE_LINE_RATE = 0.001  # sale lines written with a negative amount
BIRTH_DATE_MISSING_RATE = 0.12
BIRTH_DATE_MALFORMED_RATE = 0.005
# Timestamp styles per source (mess.TIMESTAMP_STYLES: dashed, slashed, ISO, epoch ms).
CRM_TIME_STYLES = (0.60, 0.25, 0.15, 0.0)
POS_TIME_STYLES = (0.85, 0.10, 0.05, 0.0)
ECOM_TIME_STYLES = (0.40, 0.10, 0.50, 0.0)
APP_TIME_STYLES = (0.45, 0.10, 0.25, 0.20)

# --- volume ---------------------------------------------------------------------------
# Scales so that 1M persons give ~5M receipts, ~3M orders and ~20M lines in total.
POS_VOLUME_SCALE = 0.75
ECOM_VOLUME_SCALE = 0.75
MAX_LINES = 20

CATEGORIES = ("母婴", "美妆", "个护", "食品", "生鲜", "服饰", "家居", "数码")


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("loyal_high_value", 0.08, 0.95, 0.75, 0.80, 0.85, 0.02, 9.0, 6.0,
              3.0, 3.0, 0.8, 1.6, 0.55, 40, (0.05, 0.25, 0.45, 0.25),
              (3, 12, 10, 20, 15, 15, 12, 13)),
    Archetype("regular", 0.22, 0.80, 0.60, 0.60, 0.75, 0.08, 3.2, 2.0,
              2.4, 2.3, 1.0, 1.0, 0.52, 38, (0.45, 0.35, 0.17, 0.03),
              (3, 10, 12, 25, 18, 14, 10, 8)),
    Archetype("bargain_hunter", 0.14, 0.70, 0.70, 0.65, 0.70, 0.12, 2.8, 3.0,
              2.2, 2.4, 2.5, 1.2, 0.60, 42, (0.60, 0.30, 0.09, 0.01),
              (3, 8, 15, 30, 20, 10, 10, 4)),
    Archetype("new_customer", 0.10, 0.60, 0.60, 0.65, 0.0, 0.0, 5.0, 4.0,
              2.2, 2.2, 1.2, 1.1, 0.55, 31, (0.85, 0.13, 0.02, 0.0),
              (4, 12, 10, 22, 15, 17, 10, 10)),
    Archetype("lapsed", 0.14, 0.80, 0.50, 0.45, 0.85, 1.0, 3.5, 2.0,
              2.2, 2.2, 1.0, 0.8, 0.50, 45, (0.55, 0.30, 0.13, 0.02),
              (3, 10, 12, 25, 18, 14, 10, 8)),
    Archetype("mother_baby", 0.10, 0.85, 0.75, 0.75, 0.60, 0.05, 3.5, 4.5,
              2.6, 2.6, 1.3, 1.3, 0.95, 31, (0.35, 0.40, 0.20, 0.05),
              (45, 10, 10, 12, 8, 8, 5, 2)),
    Archetype("online_only", 0.14, 0.40, 1.0, 0.85, 0.60, 0.10, 0.0, 4.5,
              2.0, 2.5, 1.1, 1.5, 0.55, 29, (0.60, 0.30, 0.09, 0.01),
              (5, 18, 10, 12, 3, 22, 12, 18)),
    Archetype("offline_only", 0.08, 0.75, 0.0, 0.0, 0.80, 0.08, 4.5, 0.0,
              2.6, 2.0, 0.9, 0.0, 0.50, 52, (0.55, 0.30, 0.13, 0.02),
              (2, 6, 12, 32, 28, 8, 10, 2)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 4.0, 1.0,
                           1.5, 1.2, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1, 1, 1))  # fmt: skip
ALL_ARCHETYPES = (*ARCHETYPES, TEST_ARCHETYPE)
TEST = len(ARCHETYPES)  # archetype code of test accounts
ARCHETYPE_CODE = {a.name: code for code, a in enumerate(ALL_ARCHETYPES)}

TIERS_ZH = ("普通", "银卡", "金卡", "钻石")
TIERS_EN = ("NORMAL", "SILVER", "GOLD", "DIAMOND")
# Mobile prefixes with relative weights (all valid for phonenumbers' CN metadata).
MOBILE_PREFIXES: tuple[tuple[int, float], ...] = (
    (130, 2), (131, 2), (132, 2), (133, 2), (134, 2), (135, 4), (136, 4), (137, 4),
    (138, 5), (139, 5), (147, 1), (150, 3), (151, 3), (152, 3), (153, 2), (155, 2),
    (156, 2), (157, 2), (158, 3), (159, 3), (166, 1), (173, 1), (175, 1), (176, 1),
    (177, 1), (180, 2), (181, 2), (182, 2), (183, 2), (184, 1), (185, 2), (186, 3),
    (187, 2), (188, 2), (189, 3), (191, 1), (198, 1), (199, 1),
)  # fmt: skip

# Hour-of-day weights (0..23).
POS_HOURS = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 7, 8, 7, 6, 6, 7, 9, 10, 10,
                      8, 5, 2, 0], dtype=float)  # fmt: skip
ONLINE_HOURS = np.array([3, 2, 1, 0.5, 0.3, 0.3, 0.7, 1.5, 3, 4, 5, 5, 6, 5, 4, 4, 4,
                         4, 5, 6, 8, 10, 10, 7], dtype=float)  # fmt: skip


@dataclass
class Catalog:
    """Products and stores (clean reference data)."""

    categories: tuple[str, ...]
    product_category: np.ndarray  # int code into categories
    product_price: np.ndarray  # list price, cents
    product_price_text: pa.Array  # list price as written
    product_cum: np.ndarray  # category index + within-category cumulative popularity
    product_id: pa.Array
    store_city: np.ndarray
    store_weight: np.ndarray
    store_id: pa.Array
    store_code: np.ndarray  # numeric part of store_id
    city_stores: list[np.ndarray]  # store indices per city


@dataclass
class Persons:
    """True persons (index = person number - 1); real persons first, then tests."""

    n_real: int
    archetype: np.ndarray
    is_english: np.ndarray
    surname: np.ndarray
    given1: np.ndarray
    given2: np.ndarray  # -1 for one-character given names
    first: np.ndarray
    last: np.ndarray
    female: np.ndarray
    birth_day: np.ndarray  # days since 1970-01-01
    city: np.ndarray
    phone: np.ndarray  # int64, 0 for test accounts
    old_phone: np.ndarray  # a previous number (used by some duplicate memberships)
    email: pa.Array  # null when none
    start: np.ndarray  # first activity, seconds
    end: np.ndarray  # last possible activity, seconds
    churned: np.ndarray
    intensity: np.ndarray
    partner: np.ndarray  # household partner sharing the phone, -1 if none
    district: np.ndarray
    road: np.ndarray
    house_no: np.ndarray
    compound: np.ndarray
    building: np.ndarray
    room: np.ndarray
    profile: IndustryProfile

    @property
    def n(self) -> int:
        return len(self.archetype)

    def param(self, field: str) -> np.ndarray:
        """An Archetype field as a per-person array."""
        archetypes = self.profile.all_archetypes
        values = np.array([getattr(a, field) for a in archetypes], dtype=float)
        return values[self.archetype]


@dataclass
class Memberships:
    person: np.ndarray
    card: np.ndarray  # 10-digit card number
    registered: np.ndarray
    is_second: np.ndarray
    # per person: index of first/second membership or -1
    first_of: np.ndarray
    second_of: np.ndarray
    is_staff: np.ndarray  # per person
    member_id: pa.Array | None = None  # as issued (before keys were blanked)


@dataclass
class Accounts:
    person: np.ndarray
    registered: np.ndarray
    account_no: np.ndarray  # numeric part of account_id
    account_id: pa.Array
    first_of: np.ndarray
    second_of: np.ndarray


@dataclass
class TruthParts:
    """record_truth rows collected table by table."""

    tables: list[str]
    record_ids: list[pa.Array]
    persons: list[np.ndarray]
    usable: list[np.ndarray]

    def add(
        self, table: str, ids: pa.Array, person: np.ndarray, usable: np.ndarray
    ) -> None:
        keep = pc.is_valid(ids).to_numpy(zero_copy_only=False)
        self.tables.append(table)
        self.record_ids.append(ids.filter(pa.array(keep)))
        self.persons.append(person[keep])
        self.usable.append(usable[keep])


# ======================================================================================
# helpers
# ======================================================================================


def _uniform_times(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, hours: np.ndarray
) -> np.ndarray:
    """Times between lo and hi (seconds), day uniform, hour from `hours` weights."""
    lo_day, hi_day = lo // DAY, np.maximum(hi // DAY, lo // DAY)
    day = lo_day + np.floor(rng.random(len(lo)) * (hi_day - lo_day + 1)).astype(
        np.int64
    )
    hour = categorical(rng, hours, len(lo))
    t = day * DAY + hour * 3600 + rng.integers(0, 3600, len(lo))
    return np.clip(t, lo, np.maximum(hi, lo))


def _weekend_boost(rng: np.random.Generator, t: np.ndarray, hi: np.ndarray) -> None:
    """Move ~30% of visits to the following weekend (in place, never past `hi`)."""
    move = rng.random(len(t)) < 0.30
    weekday = (t // DAY + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    shift = ((5 - weekday) % 7 + (rng.random(len(t)) < 0.5)) * DAY
    moved = t + shift
    ok = move & (moved <= hi)
    t[ok] = moved[ok]


def _pick_products(
    rng: np.random.Generator,
    catalog: Catalog,
    archetype: np.ndarray,
    profile: IndustryProfile,
) -> np.ndarray:
    """A product per row: category by the buyer's archetype, then by popularity."""
    cat = np.empty(len(archetype), dtype=np.int64)
    for code, arche in enumerate(profile.all_archetypes):
        rows = np.flatnonzero(archetype == code)
        cat[rows] = categorical(rng, np.array(arche.category_weights), len(rows))
    u = cat + rng.random(len(cat))
    return np.searchsorted(catalog.product_cum, u, side="right").astype(np.int32)


def _quantities(
    rng: np.random.Generator, n: int, weights: tuple[float, ...]
) -> np.ndarray:
    return (categorical(rng, np.array(weights), n) + 1).astype(np.int64)


def _group_starts(counts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def _sequence_within(keys: np.ndarray) -> np.ndarray:
    """1-based running number within runs of equal (sorted) keys."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.ones(n, dtype=bool)
    new[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(new)
    run = np.repeat(starts, np.diff(np.append(starts, n)))
    return np.arange(n) - run + 1


def _members_in_group_order(
    starts: np.ndarray, counts: np.ndarray, group_order: np.ndarray
) -> np.ndarray:
    """Indices of rows stored group after group (group g at starts[g], counts[g] rows)
    rearranged so the groups come in `group_order`; rows keep their order within a
    group. O(rows), no sort."""
    sizes = counts[group_order]
    first = np.repeat(starts[group_order], sizes)
    offset = np.arange(int(sizes.sum())) - np.repeat(_group_starts(sizes), sizes)
    return first + offset


def _last_of_each(person: np.ndarray, t: np.ndarray) -> np.ndarray:
    """True on the latest row (by t) of each person's rows."""
    last = np.zeros(len(person), dtype=bool)
    if len(person):
        order = np.lexsort((t, person))
        ends = np.append(person[order][1:] != person[order][:-1], True)
        last[order[ends]] = True
    return last


def _churn_refunds(
    p: Persons, person: np.ndarray, t: np.ndarray, seed: int, channel: str
) -> np.ndarray:
    """Final sales of churners in this channel that are refunded before they leave."""
    rng = stream(seed, channel, "churn_refunds")
    return (
        _last_of_each(person, t)
        & p.churned[person]
        & (rng.random(len(person)) < CHURN_LAST_ORDER_REFUND_RATE)
    )


def _day_code(t: np.ndarray) -> np.ndarray:
    """yymmdd of local times, as an int (240618)."""
    year, month, day, *_ = mess._calendar(t)
    return (year % 100) * 10000 + month * 100 + day


def _null_key(ids: pa.Array, rng: np.random.Generator) -> pa.Array:
    """Blank MISSING_KEY_RATE of the keys."""
    blank = rng.random(len(ids)) < MISSING_KEY_RATE
    return pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), ids)


def _table(columns: dict[str, pa.Array]) -> pa.Table:
    return pa.table({k: v.cast(pa.string()) for k, v in columns.items()})


def _with_duplicates(table: pa.Table, rng: np.random.Generator) -> pa.Table:
    """`table` followed by exact copies of DUPLICATE_ROW_RATE of its rows, as when a
    batch is delivered twice."""
    again = mess.duplicated_rows(rng, table.num_rows, DUPLICATE_ROW_RATE)
    return pa.concat_tables([table, table.take(pa.array(again))])


def _person_ids(person: np.ndarray) -> pa.Array:
    return prefixed("P", np.asarray(person, dtype=np.int64) + 1, 8)


# ======================================================================================
# reference data
# ======================================================================================

_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "母婴": (("纸尿裤", 79, 199), ("奶粉", 180, 450), ("辅食", 15, 60),
             ("婴儿洗护", 25, 120), ("玩具", 30, 300)),
    "美妆": (("面霜", 99, 899), ("精华", 159, 1299), ("口红", 99, 399),
             ("面膜", 49, 199), ("防晒", 69, 299)),
    "个护": (("洗发水", 29, 99), ("沐浴露", 25, 89), ("牙膏", 9, 39),
             ("纸巾", 15, 59), ("洗衣液", 25, 79)),
    "食品": (("零食", 9, 59), ("饮料", 3, 79), ("粮油", 29, 129),
             ("调味品", 6, 39), ("方便食品", 10, 49)),
    "生鲜": (("水果", 15, 99), ("蔬菜", 5, 29), ("肉禽", 29, 129),
             ("水产", 39, 199), ("乳品", 10, 49)),
    "服饰": (("T恤", 59, 199), ("外套", 199, 899), ("裤装", 99, 399),
             ("鞋靴", 159, 799), ("内衣", 39, 159)),
    "家居": (("厨具", 39, 399), ("收纳", 19, 129), ("床品", 99, 599),
             ("清洁工具", 15, 99), ("灯具", 59, 399)),
    "数码": (("耳机", 99, 1299), ("充电器", 29, 199), ("手机配件", 19, 129),
             ("智能手表", 299, 1999), ("音箱", 129, 999)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "母婴": ("贝乐宝", "安儿适", "小鹿妈妈", "童趣乐", "嘉宝利"),
    "美妆": ("兰雅", "花漾", "雪肌源", "悦诗颜", "珂妍"),
    "个护": ("清风", "净颜坊", "洁柔家", "舒肤宝", "白玉兰"),
    "食品": ("好味来", "三只熊", "良品匠", "金龙谷", "老坛坊"),
    "生鲜": ("鲜丰", "绿源农场", "海之味", "牧场优选", "田园鲜"),
    "服饰": ("简衣", "城市漫步", "优衣坊", "北极狐", "轻跑"),
    "家居": ("宜居", "木语", "家之源", "净美家", "光影"),
    "数码": ("声悦", "极速充", "小米粒", "智行", "听风"),
}
_PRODUCTS_PER_CATEGORY = (300, 300, 250, 350, 200, 300, 200, 100)
_VARIANTS = ("经典款", "升级款", "家庭装", "便携装", "礼盒装", "S码", "M码", "L码",
             "500g", "1kg", "2L", "3件装", "标准版", "Pro")  # fmt: skip
_STORE_AREAS = {
    "mall": (
        "万达广场",
        "万象城",
        "大悦城",
        "吾悦广场",
        "龙湖天街",
        "印象城",
        "来福士",
    ),
    "street": ("步行街", "人民路", "中山路", "解放路", "南京路", "文化路"),
    "outlet": ("奥特莱斯", "奥莱"),
}
STORE_TYPES = ("mall", "street", "outlet")
RETAIL_CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=_PRODUCTS_PER_CATEGORY,
    variants=_VARIANTS,
    store_types=STORE_TYPES,
    store_type_weights=(0.55, 0.30, 0.15),
    store_type_visit_weights=(1.3, 1.0, 0.7),
    store_areas=_STORE_AREAS,
    store_prefix="华享",
    store_suffix="店",
)


def _campaigns(core, seed):  # noqa: ANN001, ANN202 (lazy import: no import cycle)
    from huaxiang.generator.campaigns import generate_campaigns

    return generate_campaigns(core, seed)


RETAIL = IndustryProfile(
    name="retail",
    catalog=RETAIL_CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=APP_EVENT_TYPES,
    app_browse_weights=APP_BROWSE_WEIGHTS,
    quantity_weights=(75, 17, 5, 2, 1),
    pos_volume_scale=POS_VOLUME_SCALE,
    ecom_volume_scale=ECOM_VOLUME_SCALE,
    newcomer_archetype="new_customer",
    narrow_age_archetype="mother_baby",
    extension=_campaigns,
)


def make_catalog(
    seed: int, spec: CatalogSpec | None = None
) -> tuple[Catalog, pa.Table, pa.Table]:
    """Products (retail: ~2,000 SKUs in 8 categories) and stores (~40 in the city
    pool), from the industry's catalog spec (retail by default)."""
    spec = RETAIL_CATALOG if spec is None else spec
    CATEGORIES = spec.categories  # noqa: N806 (reads as the retail constant)
    _SUBCATEGORIES, _BRANDS = spec.subcategories, spec.brands  # noqa: N806
    _VARIANTS, _STORE_AREAS = spec.variants, spec.store_areas  # noqa: N806
    STORE_TYPES = spec.store_types  # noqa: N806
    rng = stream(seed, "catalog", "products")
    cat_codes = np.repeat(np.arange(len(CATEGORIES)), spec.products_per_category)
    n_products = len(cat_codes)
    sub = rng.integers(0, 5, n_products)
    brand = rng.integers(0, 5, n_products)
    variant = rng.integers(0, len(_VARIANTS), n_products)
    lows = np.array([[s[1] for s in _SUBCATEGORIES[c]] for c in CATEGORIES])
    highs = np.array([[s[2] for s in _SUBCATEGORIES[c]] for c in CATEGORIES])
    lo, hi = lows[cat_codes, sub], highs[cat_codes, sub]
    # Log-uniform price between the subcategory bounds, ending in .9 or .0.
    yuan = np.exp(np.log(lo) + rng.random(n_products) * (np.log(hi) - np.log(lo)))
    price = (
        np.floor(yuan) * 100 + np.where(rng.random(n_products) < 0.6, 90, 0)
    ).astype(np.int64)
    # Popularity: Zipf-like within each category, random rank.
    popularity = 1.0 / (rng.permutation(n_products) % 300 + 3.0) ** 0.9
    cum = np.empty(n_products)
    for c in range(len(CATEGORIES)):
        rows = cat_codes == c
        w = np.cumsum(popularity[rows])
        cum[rows] = c + w / w[-1]
    sub_pool = [s[0] for c in CATEGORIES for s in _SUBCATEGORIES[c]]
    brand_pool = [b for c in CATEGORIES for b in _BRANDS[c]]
    flat_sub = cat_codes * 5 + sub
    flat_brand = cat_codes * 5 + brand
    product_id = prefixed("P", 100001 + np.arange(n_products) * 7 % 900000, 6)
    products = _table(
        {
            "product_id": product_id,
            "product_name": build(
                n_products,
                Pick(flat_brand, brand_pool),
                Lit(" "),
                Pick(flat_sub, sub_pool),
                Lit(" "),
                Pick(variant, _VARIANTS),
            ),
            "category": pool_array(CATEGORIES, cat_codes),
            "subcategory": pool_array(sub_pool, flat_sub),
            "brand": pool_array(brand_pool, flat_brand),
            "list_price": money(price),
        }
    )

    rng = stream(seed, "catalog", "stores")
    city_of_store = np.repeat(
        np.arange(len(names.CITIES)), [c[4] for c in names.CITIES]
    ).astype(np.int64)
    n_stores = len(city_of_store)
    store_type = categorical(rng, np.array(spec.store_type_weights), n_stores)
    store_names = []
    for i in range(n_stores):
        kind = STORE_TYPES[store_type[i]]
        areas = _STORE_AREAS[kind]
        area = areas[int(rng.integers(0, len(areas)))]
        city_name = names.CITIES[city_of_store[i]][0]
        store_names.append(f"{spec.store_prefix}{city_name}{area}{spec.store_suffix}")
    # Several stores of a city may draw the same area: number them.
    seen: dict[str, int] = {}
    for i, name in enumerate(store_names):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            suffix = spec.store_suffix
            store_names[i] = name[: -len(suffix)] + f"{seen[name]}{suffix}"
    store_code = np.arange(1, n_stores + 1, dtype=np.int64) * 3 + 1000
    opened = rng.integers(
        int(np.datetime64("2010-01-01", "D").astype(np.int64)),
        int(np.datetime64("2023-06-30", "D").astype(np.int64)),
        n_stores,
    )
    store_id = prefixed("S", store_code, 4)
    stores = _table(
        {
            "store_id": store_id,
            "store_name": pa.array(store_names),
            "city": pool_array([c[0] for c in names.CITIES], city_of_store),
            "store_type": pool_array(STORE_TYPES, store_type),
            "opened_date": mess.date_text(opened),
        }
    )
    catalog = Catalog(
        categories=CATEGORIES,
        product_category=cat_codes,
        product_price=price,
        product_price_text=products.column("list_price").combine_chunks(),
        product_cum=cum,
        product_id=product_id,
        store_city=city_of_store,
        store_weight=np.array(spec.store_type_visit_weights)[store_type],
        store_id=store_id,
        store_code=store_code,
        city_stores=[
            np.flatnonzero(city_of_store == c) for c in range(len(names.CITIES))
        ],
    )
    return catalog, products, stores


# ======================================================================================
# persons
# ======================================================================================


def _mobile_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct, valid Chinese mobiles that match no placeholder pattern."""
    prefixes = np.array([p for p, _ in MOBILE_PREFIXES], dtype=np.int64)
    weights = np.array([w for _, w in MOBILE_PREFIXES], dtype=float)
    bad_suffix = np.array(
        [d * 11111111 for d in range(10)] + [12345678, 87654321, 138000], dtype=np.int64
    )
    excluded = (prefixes[:, None] * 10**8 + bad_suffix[None, :]).ravel()
    # Draw (prefix, suffix) pairs with weighted prefixes; drop repeats and bad values.
    taken = np.zeros(0, dtype=np.int64)
    while len(taken) < n:
        need = int((n - len(taken)) * 1.05) + 16
        p = prefixes[categorical(rng, weights, need)]
        draw = p * 10**8 + rng.integers(0, 10**8, need)
        pool = np.concatenate([taken, draw])
        _, first = np.unique(pool, return_index=True)
        keep = np.zeros(len(pool), dtype=bool)
        keep[first] = True
        keep &= ~np.isin(pool, np.append(excluded, 13800138000))
        taken = pool[keep]
    return taken[:n]


def make_persons(
    n_real: int, seed: int, profile: IndustryProfile | None = None
) -> Persons:
    """True persons: names, contacts, demographics, archetype, activity window."""
    profile = RETAIL if profile is None else profile
    ARCHETYPES = profile.archetypes  # noqa: N806
    ALL_ARCHETYPES = profile.all_archetypes  # noqa: N806
    TEST = profile.test_code  # noqa: N806
    n_test = max(3, round(n_real * TEST_ACCOUNT_RATE))
    n = n_real + n_test
    rng = stream(seed, "persons", "core")
    archetype = np.concatenate(
        [
            categorical(rng, np.array([a.share for a in ARCHETYPES]), n_real),
            np.full(n_test, TEST, dtype=np.int64),
        ]
    )
    female_share = np.array([a.female_share for a in ALL_ARCHETYPES])[archetype]
    female = rng.random(n) < female_share
    age_mean = np.array([a.age_mean for a in ALL_ARCHETYPES])[archetype]
    age_sd = np.where(
        archetype == profile.code(profile.narrow_age_archetype), 4.0, 10.0
    )
    age = np.clip(rng.normal(age_mean, age_sd), 18, 78)
    as_of_day = WINDOW_END // DAY
    birth_day = (as_of_day - age * 365.25).astype(np.int64)
    city = categorical(rng, np.array([c[3] for c in names.CITIES]), n)

    rng = stream(seed, "persons", "names")
    is_english = rng.random(n) >= CHINESE_NAME_RATE
    surname = categorical(rng, np.array([s[2] for s in names.SURNAMES]), n)
    given_lean = np.array([g[2] for g in names.GIVEN_CHARS])
    male_pool = np.flatnonzero(given_lean != "F")
    female_pool = np.flatnonzero(given_lean != "M")

    def given_char() -> np.ndarray:
        m = male_pool[rng.integers(0, len(male_pool), n)]
        f = female_pool[rng.integers(0, len(female_pool), n)]
        return np.where(female, f, m)

    given1 = given_char()
    given2 = np.where(rng.random(n) < 0.7, given_char(), -1)
    n_male = len(names.ENGLISH_FIRST_MALE)
    first = np.where(
        female,
        n_male + rng.integers(0, len(names.ENGLISH_FIRST_FEMALE), n),
        rng.integers(0, n_male, n),
    )
    last = categorical(rng, np.array([x[1] for x in names.ENGLISH_LAST]), n)

    rng = stream(seed, "persons", "phones")
    n_extra = n_real // 10 + 10
    mobiles = _mobile_numbers(rng, n_real + n_extra)
    phone = np.zeros(n, dtype=np.int64)
    phone[:n_real] = mobiles[:n_real]
    old_phone = np.zeros(n, dtype=np.int64)
    old_phone[:n_real] = mobiles[n_real:][rng.integers(0, n_extra, n_real)]
    # Household pairs sharing one phone (and city, and address).
    n_pairs = round(n_real * SHARED_PHONE_RATE / 2)
    pair = rng.permutation(n_real)[: 2 * n_pairs].reshape(-1, 2)
    partner = np.full(n, -1, dtype=np.int64)
    partner[pair[:, 0]], partner[pair[:, 1]] = pair[:, 1], pair[:, 0]
    phone[pair[:, 1]] = phone[pair[:, 0]]
    city[pair[:, 1]] = city[pair[:, 0]]

    rng = stream(seed, "persons", "address")
    district = rng.integers(0, len(names.DISTRICTS), n)
    road = rng.integers(0, len(names.ROADS), n)
    house_no = rng.integers(1, 400, n)
    compound = rng.integers(0, len(names.COMPOUNDS), n)
    building = rng.integers(1, 30, n)
    room = rng.integers(1, 33, n) * 100 + rng.integers(1, 5, n)
    for arr in (district, road, house_no, compound, building, room):
        arr[pair[:, 1]] = arr[pair[:, 0]]

    email = _emails(
        stream(seed, "persons", "emails"),
        n_real,
        n,
        is_english,
        surname,
        given1,
        given2,
        first,
        last,
        birth_day,
    )

    rng = stream(seed, "persons", "lifecycle")
    p_existing = np.array([a.p_existing for a in ALL_ARCHETYPES])[archetype]
    existing = rng.random(n) < p_existing
    late = WINDOW_END - 60 * DAY
    start = np.where(
        existing,
        WINDOW_START,
        WINDOW_START + (rng.random(n) * (late - WINDOW_START)).astype(np.int64),
    )
    newbies = archetype == profile.code(profile.newcomer_archetype)
    lo_new, hi_new = WINDOW_END - 180 * DAY, WINDOW_END - 14 * DAY
    start[newbies] = lo_new + (rng.random(newbies.sum()) * (hi_new - lo_new)).astype(
        np.int64
    )
    churn_rate = np.array([a.churn_rate for a in ALL_ARCHETYPES])[archetype]
    churn_lo = start + 60 * DAY
    churn_hi = WINDOW_END - CHURN_LATEST_DAYS_BEFORE_END * DAY
    churned = (rng.random(n) < churn_rate) & (churn_lo < churn_hi)
    churn_at = churn_lo + (rng.random(n) * (churn_hi - churn_lo)).astype(np.int64)
    end = np.where(churned, churn_at, WINDOW_END)
    intensity = rng.gamma(2.0, 0.5, n)
    return Persons(
        n_real=n_real,
        archetype=archetype,
        is_english=is_english,
        surname=surname,
        given1=given1,
        given2=given2,
        first=first,
        last=last,
        female=female,
        birth_day=birth_day,
        city=city,
        phone=phone,
        old_phone=old_phone,
        email=email,
        start=start,
        end=end,
        churned=churned,
        intensity=intensity,
        partner=partner,
        district=district,
        road=road,
        house_no=house_no,
        compound=compound,
        building=building,
        room=room,
        profile=profile,
    )


def _emails(
    rng: np.random.Generator,
    n_real: int,
    n: int,
    is_english: np.ndarray,
    surname: np.ndarray,
    given1: np.ndarray,
    given2: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    birth_day: np.ndarray,
) -> pa.Array:
    """Unique addresses: pinyin or English name + digits, or a numeric QQ address."""
    has = np.zeros(n, dtype=bool)
    has[:n_real] = rng.random(n_real) < EMAIL_RATE
    en = is_english
    domain_w_zh = np.array([38, 16, 9, 6, 4, 3, 9, 5, 10], dtype=float)
    domain_w_en = np.array([10, 6, 3, 30, 20, 12, 14, 2, 3], dtype=float)
    domain = np.where(
        en,
        categorical(rng, domain_w_en, n),
        categorical(rng, domain_w_zh, n),
    )
    qq_numeric = (domain == 0) & (rng.random(n) < 0.5)
    qq_number = rng.integers(10_000_000, 3_000_000_000, n)
    digits_kind = categorical(rng, np.array([0.35, 0.25, 0.25, 0.15]), n)
    year = 1970 + birth_day // 365
    digits = np.select(
        [digits_kind == 1, digits_kind == 2, digits_kind == 3],
        [year % 100, year, rng.integers(1, 10000, n)],
        0,
    )
    has_digits = digits_kind > 0
    sep = rng.integers(0, 3, n)
    zh = ~en & ~qq_numeric
    eng = en & ~qq_numeric
    two = given2 >= 0
    surname_py = [s[1] for s in names.SURNAMES]
    given_py = [g[1] for g in names.GIVEN_CHARS]
    first_low = [
        x.lower() for x in names.ENGLISH_FIRST_MALE + names.ENGLISH_FIRST_FEMALE
    ]
    last_low = [x[0].lower() for x in names.ENGLISH_LAST]
    word = ~qq_numeric

    def assemble(suffix: np.ndarray, with_suffix: np.ndarray) -> pa.Array:
        return build(
            n,
            Num(qq_number, None, qq_numeric),
            Pick(surname, surname_py, zh),
            Pick(given1, given_py, zh),
            Pick(np.where(two, given2, 0), given_py, zh & two),
            Pick(first, first_low, eng),
            Pick(sep, (".", "_", ""), eng),
            Pick(last, last_low, eng),
            Num(suffix, None, word & with_suffix),
            Lit("@"),
            Pick(domain, mess.EMAIL_DOMAINS),
            null=~has,
        )

    email = assemble(digits, has_digits)
    # Make addresses unique: repeats get the person number appended (>= 7 digits,
    # longer than any digits above, so they cannot collide with a first choice).
    for _ in range(3):
        codes = email.fill_null("").dictionary_encode().indices.to_numpy()
        _, first_at = np.unique(codes, return_index=True)
        repeat = np.ones(n, dtype=bool)
        repeat[first_at] = False
        repeat &= has
        if not repeat.any():
            return email
        qq_numeric &= ~repeat
        word = ~qq_numeric
        zh = ~en & word
        eng = en & word
        digits = np.where(repeat, 10_000_000 + np.arange(n), digits)
        has_digits = has_digits | repeat
        email = assemble(digits, has_digits)
    raise RuntimeError("could not make e-mail addresses unique")


# ======================================================================================
# CRM
# ======================================================================================

GENDER_WRITTEN = ("M", "F", "男", "女", "male", "female", "1", "2", "U")
GENDER_STYLE_WEIGHTS = (
    0.40,
    0.30,
    0.10,
    0.10,
    0.05,
    0.05,
)  # M/F, 男/女, words, 1/2, U, ""
CONSENT_WRITTEN = ("N", "Y", "0", "1", "false", "true", "否", "是")
CONSENT_STYLE_WEIGHTS = (0.40, 0.25, 0.10, 0.17, 0.08)  # Y/N, 1/0, words, 是/否, ""
CONSENT_RATE = 0.55
TIER_ENGLISH_RATE = 0.30  # tiers written in English (records migrated from the old CRM)
TIER_WRITTEN = (*TIERS_ZH, *TIERS_EN, "EMP")
CITY_SUFFIX_RATE = 0.35  # 上海市 rather than 上海
FIRST_REGISTRATION = int(np.datetime64("2016-01-01T00:00:00", "s").astype(np.int64))
FIRST_ACCOUNT = int(np.datetime64("2018-01-01T00:00:00", "s").astype(np.int64))


def _written_names(
    p: Persons, person: np.ndarray, rng: np.random.Generator | None = None
) -> pa.Array:
    """Names of `person` rows as typed into a system, or clean without `rng` (test
    accounts: a test name)."""
    en = p.is_english[person]
    style = None
    if rng is not None:
        style = np.where(
            en,
            mess.choose(rng, mess.EN_NAME_STYLE_WEIGHTS, len(person)),
            mess.choose(rng, mess.ZH_NAME_STYLE_WEIGHTS, len(person)),
        )
    real = mess.name_text(
        en,
        p.surname[person],
        p.given1[person],
        p.given2[person],
        p.first[person],
        p.last[person],
        style,
    )
    test = p.archetype[person] == p.profile.test_code
    if not test.any():
        return real
    test_names = pool_array(
        names.TEST_ACCOUNT_NAMES, person % len(names.TEST_ACCOUNT_NAMES)
    )
    return pc.if_else(pa.array(test), test_names, real)


def make_crm(p: Persons, seed: int, truth: TruthParts) -> tuple[Memberships, pa.Table]:
    """Memberships (~75% of persons, ~8% of them twice) and the crm_members table."""
    rng = stream(seed, "crm", "memberships")
    n = p.n
    test = p.archetype == p.profile.test_code
    member = (rng.random(n) < p.param("p_crm")) | test
    second = member & (rng.random(n) < CRM_SECOND_MEMBERSHIP_RATE) & ~test
    staff = member & (rng.random(n) < STAFF_RATE) & ~test
    old_reg = rng.integers(FIRST_REGISTRATION, WINDOW_START, n)
    reg1 = np.where(p.start <= WINDOW_START, old_reg, p.start - rng.integers(0, DAY, n))
    reg2 = reg1 + (rng.random(n) * (p.end - reg1)).astype(np.int64)
    person = np.concatenate([np.flatnonzero(member), np.flatnonzero(second)])
    is_second = np.repeat([False, True], [member.sum(), second.sum()])
    registered = np.where(is_second, reg2[person], reg1[person])
    order = np.lexsort((person, registered))
    person, is_second, registered = person[order], is_second[order], registered[order]
    m = len(person)
    card = unique_integers(rng, m, 10**8, 10**10)
    first_of = np.full(n, -1, dtype=np.int64)
    second_of = np.full(n, -1, dtype=np.int64)
    first_of[person[~is_second]] = np.flatnonzero(~is_second)
    second_of[person[is_second]] = np.flatnonzero(is_second)
    memberships = Memberships(
        person=person,
        card=card,
        registered=registered,
        is_second=is_second,
        first_of=first_of,
        second_of=second_of,
        is_staff=staff,
    )

    rng = stream(seed, "crm", "written")
    row_test = test[person]
    has_email = pc.is_valid(p.email).to_numpy(zero_copy_only=False)[person]
    # Duplicate kinds: 0 same phone, 1 same e-mail without usable phone, 2 old phone.
    kind = np.where(is_second, mess.choose(rng, CRM_DUPLICATE_KIND_WEIGHTS, m), -1)
    kind[(kind == 1) & ~has_email] = 0
    phone_value = np.where(kind == 2, p.old_phone[person], p.phone[person])
    u = rng.random(m)
    phone_missing = (u < CRM_PHONE_MISSING_RATE) | ((kind == 1) & (u < 0.6))
    placeholder = ~phone_missing & (
        (rng.random(m) < PHONE_PLACEHOLDER_RATE) | (kind == 1) | row_test
    )
    phone_ok = ~phone_missing & ~placeholder
    email_shown = has_email & ((rng.random(m) < CRM_EMAIL_WRITTEN_RATE) | (kind == 1))
    email_fake = (rng.random(m) < EMAIL_PLACEHOLDER_RATE) | (row_test & (u < 0.7))
    email_fake &= ~(kind == 1)
    typo = email_shown & ~email_fake & phone_ok & (rng.random(m) < EMAIL_TYPO_RATE)
    email_ok = email_shown & ~email_fake & ~typo
    gender_style = mess.choose(rng, GENDER_STYLE_WEIGHTS, m)
    female = p.female[person]
    gender_code = np.where(gender_style < 4, gender_style * 2 + female, 8)
    tier = np.zeros(m, dtype=np.int64)
    arche = p.archetype[person]
    for code, a in enumerate(p.profile.all_archetypes):
        rows = np.flatnonzero((arche == code) & ~is_second)
        tier[rows] = categorical(rng, np.array(a.tier_weights), len(rows))
    english_tier = (rng.random(m) < TIER_ENGLISH_RATE) | row_test
    tier_code = np.where(english_tier, tier + 4, tier)
    tier_code[staff[person] & ~is_second] = 8
    consent = rng.random(m) < CONSENT_RATE
    consent_style = mess.choose(rng, CONSENT_STYLE_WEIGHTS, m)
    city = p.city[person].copy()
    moved = rng.random(m) < CRM_MOVED_CITY_RATE
    city[moved] = rng.integers(0, len(names.CITIES), int(moved.sum()))
    updated = registered + (rng.random(m) * (WINDOW_END - registered)).astype(np.int64)
    time_style = mess.choose(rng, CRM_TIME_STYLES, m)

    member_id = prefixed("M", 10_000_000 + np.cumsum(rng.integers(1, 4, m)), 8)
    memberships.member_id = member_id
    member_id = _null_key(member_id, rng)
    table = _table(
        {
            "member_id": member_id,
            "member_card_no": mess.card_text(card, rng, CRM_CARD_STYLE_WEIGHTS),
            "member_name": _written_names(p, person, rng),
            "mobile": mess.phone_text(
                phone_value, rng, placeholder=placeholder, null=phone_missing
            ),
            "email": mess.email_text(
                p.email.take(pa.array(person)),
                rng,
                placeholder=email_fake,
                typo=typo,
                null=~email_shown & ~email_fake,
            ),
            "gender": pool_array(GENDER_WRITTEN, gender_code),
            "birth_date": mess.birth_date_text(
                p.birth_day[person],
                rng,
                missing_rate=BIRTH_DATE_MISSING_RATE,
                malformed_rate=BIRTH_DATE_MALFORMED_RATE,
            ),
            "city": build(
                m,
                Pick(city, [c[0] for c in names.CITIES]),
                Lit("市", rng.random(m) < CITY_SUFFIX_RATE),
            ),
            "member_tier": pool_array(TIER_WRITTEN, tier_code),
            "registered_at": mess.timestamp_text(
                registered,
                rng,
                style_weights=CRM_TIME_STYLES,
                style=time_style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
            "marketing_consent": build(
                m,
                Pick(np.minimum(consent_style, 3) * 2 + consent, CONSENT_WRITTEN),
                null=consent_style == 4,
            ),
            "updated_at": mess.timestamp_text(
                updated,
                rng,
                style_weights=CRM_TIME_STYLES,
                style=time_style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
        }
    )
    # Every membership carries its own card number, so each is usable (phone_ok and
    # email_ok matter for the other sources, where no card is written).
    usable = np.ones(m, dtype=bool) | phone_ok | email_ok
    truth.add("crm_members", member_id, person, usable)
    table = _with_duplicates(table, stream(seed, "crm", "duplicates"))
    return memberships, table


# ======================================================================================
# e-commerce accounts
# ======================================================================================

# Nicknames: prefix + word (小鱼), 用户 + digits, 王先生 / 李女士, name + digits.
NICK_STYLE_WEIGHTS = (0.40, 0.25, 0.20, 0.15)


def make_ecom_accounts(
    p: Persons, members: Memberships, seed: int, truth: TruthParts
) -> tuple[Accounts, pa.Table]:
    """E-commerce accounts (~60% of persons, a few with two) and their table."""
    rng = stream(seed, "ecom", "accounts")
    n = p.n
    test = p.archetype == p.profile.test_code
    has = rng.random(n) < p.param("p_ecom")
    second = has & (rng.random(n) < ECOM_SECOND_ACCOUNT_RATE) & ~test
    old_reg = rng.integers(FIRST_ACCOUNT, WINDOW_START, n)
    reg1 = np.where(
        p.start <= WINDOW_START, old_reg, p.start - rng.integers(0, 3 * DAY, n)
    )
    reg2 = reg1 + (rng.random(n) * (p.end - reg1)).astype(np.int64)
    person = np.concatenate([np.flatnonzero(has), np.flatnonzero(second)])
    is_second = np.repeat([False, True], [has.sum(), second.sum()])
    registered = np.where(is_second, reg2[person], reg1[person])
    order = np.lexsort((person, registered))
    person, is_second, registered = person[order], is_second[order], registered[order]
    a = len(person)
    account_no = 100_000_000 + np.cumsum(rng.integers(1, 5, a))
    account_id = prefixed("U", account_no, 9)
    first_of = np.full(n, -1, dtype=np.int64)
    second_of = np.full(n, -1, dtype=np.int64)
    first_of[person[~is_second]] = np.flatnonzero(~is_second)
    second_of[person[is_second]] = np.flatnonzero(is_second)
    accounts = Accounts(
        person=person,
        registered=registered,
        account_no=account_no,
        account_id=account_id,
        first_of=first_of,
        second_of=second_of,
    )

    rng = stream(seed, "ecom", "accounts written")
    row_test = test[person]
    has_email = pc.is_valid(p.email).to_numpy(zero_copy_only=False)[person]
    email_only_second = is_second & has_email & (rng.random(a) < 0.6)
    email_shown = np.where(
        is_second, email_only_second, has_email & (rng.random(a) < 0.55)
    )
    phone_shown = np.where(
        is_second, ~email_only_second, ~email_shown | (rng.random(a) < 0.9)
    )
    placeholder = phone_shown & (
        (rng.random(a) < ACCOUNT_PHONE_PLACEHOLDER_RATE) | row_test
    )
    phone_ok = phone_shown & ~placeholder
    email_fake = (rng.random(a) < EMAIL_PLACEHOLDER_RATE) | row_test
    typo = email_shown & ~email_fake & phone_ok & (rng.random(a) < EMAIL_TYPO_RATE)
    email_ok = email_shown & ~email_fake & ~typo
    # Bound member card: the first card mostly, the second one sometimes.
    m1, m2 = members.first_of[person], members.second_of[person]
    is_member = m1 >= 0
    p_bind = min(ECOM_BOUND_CARD_RATE / max(is_member.mean(), 1e-9), 1.0)
    bound = is_member & (rng.random(a) < p_bind)
    use2 = bound & (m2 >= 0) & (rng.random(a) < 0.2)
    card = np.where(
        use2, members.card[np.maximum(m2, 0)], members.card[np.maximum(m1, 0)]
    )
    nick_style = mess.choose(rng, NICK_STYLE_WEIGHTS, a)
    en = p.is_english[person]
    first_pool = [
        x.lower() for x in names.ENGLISH_FIRST_MALE + names.ENGLISH_FIRST_FEMALE
    ]
    title = nick_style == 2
    table = _table(
        {
            "account_id": _null_key(account_id, rng),
            "nickname": build(
                a,
                Pick(
                    rng.integers(0, len(names.NICK_PREFIXES), a),
                    names.NICK_PREFIXES,
                    nick_style == 0,
                ),
                Pick(
                    rng.integers(0, len(names.NICK_WORDS), a),
                    names.NICK_WORDS,
                    nick_style == 0,
                ),
                Lit("用户", nick_style == 1),
                Num(rng.integers(0, 10**8, a), 8, nick_style == 1),
                Pick(p.surname[person], [s[0] for s in names.SURNAMES], title & ~en),
                Pick(p.female[person].astype(np.int64), ("先生", "女士"), title & ~en),
                Pick(p.first[person], first_pool, (nick_style == 3) | (title & en)),
                Num(rng.integers(1, 1000, a), None, nick_style == 3),
            ),
            "email": mess.email_text(
                p.email.take(pa.array(person)),
                rng,
                placeholder=email_fake,
                typo=typo,
                null=~email_shown & ~email_fake,
            ),
            "phone": mess.phone_text(
                p.phone[person], rng, placeholder=placeholder, null=~phone_shown
            ),
            "registered_at": mess.timestamp_text(
                registered,
                rng,
                style_weights=ECOM_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
            "bound_member_card_no": mess.card_text(
                card, rng, ECOM_CARD_STYLE_WEIGHTS, null=~bound
            ),
        }
    )
    truth.add(
        "ecom_accounts",
        table.column("account_id").combine_chunks(),
        person,
        phone_ok | email_ok | bound,
    )
    return accounts, table


# ======================================================================================
# activity
# ======================================================================================


def activity_counts(
    p: Persons, accounts: Accounts, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Receipts and orders per person over their active window (at least one record
    for everyone who can buy somewhere)."""
    rng = stream(seed, "activity", "counts")
    years = (p.end - p.start) / YEAR
    has_account = accounts.first_of >= 0
    pos_rate = p.param("pos_per_year") * p.profile.pos_volume_scale
    ecom_rate = p.param("ecom_per_year") * p.profile.ecom_volume_scale * has_account
    # Online orders only after the account exists.
    reg = np.where(
        has_account, accounts.registered[np.maximum(accounts.first_of, 0)], 0
    )
    ecom_years = (p.end - np.maximum(p.start, reg)).clip(0) / YEAR
    n_pos = rng.poisson(pos_rate * years * p.intensity)
    n_ecom = rng.poisson(ecom_rate * ecom_years * p.intensity)
    none = (n_pos + n_ecom) == 0
    n_pos[none & (pos_rate > 0)] = 1
    n_ecom[none & (pos_rate == 0) & (ecom_rate > 0)] = 1
    return n_pos.astype(np.int64), n_ecom.astype(np.int64)


def _home_stores(p: Persons, catalog: Catalog, rng: np.random.Generator) -> np.ndarray:
    """Each person's usual store: one in their city, else a big-city store."""
    weights = catalog.store_weight / catalog.store_weight.sum()
    home = np.searchsorted(np.cumsum(weights), rng.random(p.n) * 0.999999)
    for c, stores in enumerate(catalog.city_stores):
        rows = np.flatnonzero(p.city == c)
        if len(stores) and len(rows):
            home[rows] = stores[rng.integers(0, len(stores), len(rows))]
    return home.astype(np.int64)


# ======================================================================================
# POS
# ======================================================================================


def make_pos(
    p: Persons,
    members: Memberships,
    catalog: Catalog,
    n_pos: np.ndarray,
    seed: int,
    truth: TruthParts,
) -> Iterator[OutputTable]:
    """Receipts (sales and refunds), then their lines (one after the other, so the
    receipts can be written and freed before the lines are built)."""
    rng = stream(seed, "pos", "receipts")
    r_person = np.repeat(np.arange(p.n), n_pos)
    r = len(r_person)
    t = _uniform_times(rng, p.start[r_person], p.end[r_person], POS_HOURS)
    _weekend_boost(rng, t, p.end[r_person])
    home = _home_stores(p, catalog, rng)
    weights = catalog.store_weight / catalog.store_weight.sum()
    any_store = np.searchsorted(np.cumsum(weights), rng.random(r) * 0.999999)
    store = np.where(rng.random(r) < POS_HOME_STORE_RATE, home[r_person], any_store)

    # Who shows what at the till.
    rng = stream(seed, "pos", "identity")
    is_test = p.archetype[r_person] == p.profile.test_code
    m1 = members.first_of[r_person]
    m2 = members.second_of[r_person]
    member = (m1 >= 0) & (members.registered[np.maximum(m1, 0)] <= t)
    p_card = min(POS_CARD_RATE / max(member.mean(), 1e-9), 0.97)
    card_shown = member & ((rng.random(r) < p_card) | is_test)
    rest = ~card_shown
    p_phone = min(POS_PHONE_ONLY_RATE / max(rest.mean(), 1e-9), 1.0)
    phone_only = rest & (rng.random(r) < p_phone) & ~is_test
    anonymous = rest & ~phone_only
    use2 = (
        card_shown
        & (m2 >= 0)
        & (members.registered[np.maximum(m2, 0)] <= t)
        & (rng.random(r) < POS_SECOND_CARD_USE_RATE)
    )
    card = np.where(
        use2, members.card[np.maximum(m2, 0)], members.card[np.maximum(m1, 0)]
    )
    phone_shown = phone_only | (
        card_shown & ~is_test & (rng.random(r) < POS_CARD_WITH_PHONE_RATE)
    )
    p_fake = min(POS_PLACEHOLDER_PHONE_RATE / max(anonymous.mean(), 1e-9), 1.0)
    fake_phone = anonymous & (rng.random(r) < p_fake)
    usable = card_shown | phone_shown
    payment = mess.choose(rng, PAYMENT_WEIGHTS, r)

    # Lines.
    rng = stream(seed, "pos", "lines")
    arche = p.archetype[r_person]
    lam = p.param("pos_lines")[r_person] - 1
    n_lines = np.minimum(1 + rng.poisson(lam), MAX_LINES)
    l_receipt = np.repeat(np.arange(r), n_lines)
    line_no = _sequence_within(l_receipt)
    product = _pick_products(rng, catalog, arche[l_receipt], p.profile)
    qty = _quantities(rng, len(l_receipt), p.profile.quantity_weights)
    unit = catalog.product_price[product]
    promo = (
        rng.random(len(l_receipt))
        < 0.10 * p.param("promo_affinity")[r_person[l_receipt]]
    )
    rate = np.where(promo, 0.2, 0.0) + np.where(card_shown[l_receipt], 0.05, 0.0)
    gross_line = qty * unit
    disc = np.round(gross_line * rate).astype(np.int64)
    amount = gross_line - disc

    # Refunds: REFUND receipts for ~3% of sales and for churners' final sales, all
    # lines or the first one.
    rng = stream(seed, "pos", "refunds")
    refunded = (
        (
            (rng.random(r) < POS_REFUND_RATE)
            | _churn_refunds(p, r_person, t, seed, "pos")
        )
        & (t < WINDOW_END - DAY)
        & ~is_test
    )
    ref_of = np.flatnonzero(refunded)
    rr = len(ref_of)
    ref_t = np.minimum(t[ref_of] + rng.integers(3600, 20 * DAY, rr), WINDOW_END)
    partial = np.zeros(r, dtype=bool)
    partial[ref_of] = rng.random(rr) < POS_PARTIAL_REFUND_SHARE
    ref_line = refunded[l_receipt] & (~partial[l_receipt] | (line_no == 1))
    new_index = np.full(r, -1, dtype=np.int64)
    new_index[ref_of] = r + np.arange(rr)

    def both(sale: np.ndarray, refund: np.ndarray) -> np.ndarray:
        return np.concatenate([sale, refund])

    r_person = both(r_person, r_person[ref_of])
    t = both(t, ref_t)
    store = both(store, store[ref_of])
    card_shown = both(card_shown, card_shown[ref_of])
    card = both(card, card[ref_of])
    phone_shown = both(phone_shown, phone_shown[ref_of])
    fake_phone = both(fake_phone, fake_phone[ref_of])
    usable = both(usable, usable[ref_of])
    payment = both(payment, payment[ref_of])
    original = both(np.full(r, -1, dtype=np.int64), ref_of)
    is_refund = original >= 0
    sign = -1
    l_receipt = both(l_receipt, new_index[l_receipt[ref_line]])
    line_no = both(line_no, line_no[ref_line])
    product = both(product, product[ref_line])
    qty = both(qty, sign * qty[ref_line])
    unit = both(unit, unit[ref_line])
    disc = both(disc, sign * disc[ref_line])
    amount = both(amount, sign * amount[ref_line])
    gross_line = qty * unit
    total = r + rr

    # Receipt numbers: R + store + yymmdd + running number within store and day.
    day = _day_code(t)
    by_store_day = np.argsort(store * 2**40 + t, kind="stable")
    seq = np.empty(total, dtype=np.int64)
    seq[by_store_day] = _sequence_within(
        store[by_store_day] * 10**6 + day[by_store_day]
    )
    receipt_no = build(
        total,
        Lit("R"),
        Pick(store, catalog.store_id.to_pylist()),
        Num(day, 6),
        Num(seq, 4),
    )
    # Header sums per receipt (lines are grouped by receipt, sales then refunds).
    counts = np.bincount(l_receipt, minlength=total)
    starts = _group_starts(counts)
    gross = np.add.reduceat(gross_line, starts)
    discount = np.add.reduceat(disc, starts)
    # File order: by time.
    order = np.argsort(t, kind="stable")

    rng = stream(seed, "pos", "written")
    receipt_key = _null_key(receipt_no, rng)
    o = pa.array(order)
    orig = original[order]
    header = _table(
        {
            "receipt_no": receipt_key.take(o),
            "store_id": catalog.store_id.take(pa.array(store[order])),
            "transacted_at": mess.timestamp_text(
                t[order],
                rng,
                style_weights=POS_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
            "member_card_no": mess.card_text(
                card[order], rng, POS_CARD_STYLE_WEIGHTS, null=~card_shown[order]
            ),
            "customer_phone": mess.phone_text(
                p.phone[r_person[order]],
                rng,
                placeholder=fake_phone[order],
                null=~(phone_shown | fake_phone)[order],
            ),
            "transaction_type": pool_array(("SALE", "REFUND"), is_refund[order]),
            "original_receipt_no": build(
                total,
                Text(receipt_no.take(pa.array(np.maximum(orig, 0)))),
                null=orig < 0,
            ),
            "gross_amount": money(gross[order]),
            "discount_amount": money(discount[order]),
            "net_amount": money(gross[order] - discount[order]),
            "payment_method": pool_array(PAYMENT_METHODS, payment[order]),
        }
    )
    truth.add("pos_transactions", receipt_key.take(o), r_person[order], usable[order])
    yield OutputTable(
        "raw",
        "pos_transactions",
        _with_duplicates(header, stream(seed, "pos", "duplicates")),
    )
    del header, receipt_key, o, card, r_person, card_shown, phone_shown, fake_phone

    lines_sorted = _members_in_group_order(starts, counts, order)
    lr = l_receipt[lines_sorted]
    negative = (rng.random(len(lr)) < NEGATIVE_LINE_RATE) & ~is_refund[lr]
    written_amount = np.where(negative, -amount[lines_sorted], amount[lines_sorted])
    lines = _table(
        {
            "receipt_no": _null_key(receipt_no.take(pa.array(lr)), rng),
            "line_no": integers(line_no[lines_sorted]),
            "product_id": catalog.product_id.take(pa.array(product[lines_sorted])),
            "quantity": integers(qty[lines_sorted]),
            "unit_price": catalog.product_price_text.take(
                pa.array(product[lines_sorted])
            ),
            "discount_amount": money(disc[lines_sorted]),
            "line_amount": money(written_amount),
        }
    )
    yield OutputTable(
        "raw",
        "pos_transaction_lines",
        _with_duplicates(lines, stream(seed, "pos", "line duplicates")),
    )


# ======================================================================================
# e-commerce orders
# ======================================================================================

PROMO_FACTORS = np.array([1.0, 0.9, 0.8, 0.7])
PROMO_FACTOR_WEIGHTS = (0.60, 0.20, 0.15, 0.05)
SHIPPING_FEES = np.array([600, 800, 1000])
RECEIVER_TITLE_RATE = 0.10  # self-receivers written as 王女士 / 张先生
SHIPPING_CITY_SUFFIX_RATE = 0.90


@dataclass
class OrderFacts:
    """What the app needs from orders to write purchase events."""

    person: np.ndarray
    account: np.ndarray
    t: np.ndarray
    product: np.ndarray  # first line's product


def make_ecom_orders(
    p: Persons,
    accounts: Accounts,
    catalog: Catalog,
    n_ecom: np.ndarray,
    seed: int,
) -> Generator[OutputTable, None, OrderFacts]:
    """Orders (with statuses, coupons, gifts), then their lines; returns what the app
    needs to write purchase events."""
    rng = stream(seed, "ecom", "orders")
    o_person = np.repeat(np.arange(p.n), n_ecom)
    k = len(o_person)
    a1 = accounts.first_of[o_person]
    lo = np.maximum(p.start[o_person], accounts.registered[a1])
    hi = p.end[o_person]
    t = _uniform_times(rng, lo, hi, ONLINE_HOURS)
    promo_day = np.array([np.datetime64(d, "D").astype(np.int64) for d in PROMO_DAYS])
    pick = promo_day[rng.integers(0, len(promo_day), k)] * DAY + t % DAY
    pulled = (rng.random(k) < ECOM_PROMO_DAY_RATE) & (pick >= lo) & (pick <= hi)
    t = np.where(pulled, pick, t)
    a2 = accounts.second_of[o_person]
    use2 = (
        (a2 >= 0)
        & (accounts.registered[np.maximum(a2, 0)] <= t)
        & (rng.random(k) < 0.4)
    )
    account = np.where(use2, a2, a1)

    rng = stream(seed, "ecom", "lines")
    arche = p.archetype[o_person]
    lam = p.param("ecom_lines")[o_person] - 1
    n_lines = np.minimum(1 + rng.poisson(lam), MAX_LINES)
    l_order = np.repeat(np.arange(k), n_lines)
    line_no = _sequence_within(l_order)
    product = _pick_products(rng, catalog, arche[l_order], p.profile)
    qty = _quantities(rng, len(l_order), p.profile.quantity_weights)
    factor_code = mess.choose(rng, PROMO_FACTOR_WEIGHTS, len(l_order))
    # Online price: list price times the promotion factor, in whole 0.10 CNY.
    price_grid = (
        catalog.product_price[:, None] * PROMO_FACTORS[None, :] // 10 * 10
    ).astype(np.int64)
    unit = price_grid[product, factor_code]
    amount = qty * unit
    starts = _group_starts(n_lines)
    goods = np.add.reduceat(amount, starts)
    first_product = product[starts]

    rng = stream(seed, "ecom", "status")
    age = WINDOW_END - t
    u = rng.random(k)
    status = np.full(k, 2, dtype=np.int64)  # completed
    status[age < 10 * DAY] = np.where(u[age < 10 * DAY] < 0.7, 1, 2)  # shipped
    status[age < 2 * DAY] = np.where(u[age < 2 * DAY] < 0.6, 0, 1)  # paid
    v = rng.random(k)
    cancelled = v < ECOM_CANCEL_RATE
    refunded = (
        ~cancelled
        & (
            (v < ECOM_CANCEL_RATE + ECOM_REFUND_RATE)
            | _churn_refunds(p, o_person, t, seed, "ecom")
        )
        & (age >= 2 * DAY)
    )
    status[cancelled] = 3
    status[refunded] = 4
    unpaid = cancelled & (rng.random(k) < ECOM_UNPAID_CANCEL_SHARE)
    paid_t = np.minimum(t + rng.integers(10, 1800, k), WINDOW_END)
    affinity = p.param("promo_affinity")[o_person]
    p_coupon = np.clip(
        ECOM_COUPON_RATE * affinity / max(affinity.mean(), 1e-9), 0, 0.95
    )
    coupon = rng.random(k) < p_coupon
    coupon_code = rng.integers(0, len(COUPON_CODES), k)
    coupon_amount = np.where(
        coupon, np.minimum(np.array(COUPON_CENTS)[coupon_code], goods // 2), 0
    )
    shipping = np.where(
        goods >= FREE_SHIPPING_FROM_CENTS, 0, SHIPPING_FEES[rng.integers(0, 3, k)]
    )
    paid_amount = np.where(unpaid, 0, goods - coupon_amount + shipping)

    rng = stream(seed, "ecom", "receivers")
    gift = rng.random(k) < ECOM_GIFT_RATE
    other_phone = ~gift & (rng.random(k) < ECOM_OTHER_RECEIVER_PHONE_RATE)
    stranger = rng.integers(0, p.n_real, k)
    receiver = np.where(gift, stranger, o_person)
    phone_of = np.where(gift | other_phone, stranger, o_person)
    receiver_test = p.archetype[receiver] == p.profile.test_code
    titled = ~gift & ~p.is_english[o_person] & (rng.random(k) < RECEIVER_TITLE_RATE)
    plain_name = _written_names(p, receiver)
    receiver_name = build(
        k,
        Text(plain_name, ~titled),
        Pick(p.surname[receiver], [s[0] for s in names.SURNAMES], titled),
        Pick(p.female[receiver].astype(np.int64), ("先生", "女士"), titled),
    )
    city = p.city[receiver]
    address = build(
        k,
        Pick(p.district[receiver], names.DISTRICTS),
        Pick(p.road[receiver], names.ROADS),
        Num(p.house_no[receiver]),
        Lit("号"),
        Pick(p.compound[receiver], names.COMPOUNDS),
        Num(p.building[receiver]),
        Lit("栋"),
        Num(p.room[receiver]),
        Lit("室"),
    )

    # Order numbers: E + yymmdd + running number of the day; file order by time.
    order = np.argsort(t, kind="stable")
    day = _day_code(t)
    seq = np.empty(k, dtype=np.int64)
    seq[order] = _sequence_within(day[order])
    order_id = build(k, Lit("E"), Num(day, 6), Num(seq, 6))

    rng = stream(seed, "ecom", "orders written")
    o = pa.array(order)
    time_style = mess.choose(rng, ECOM_TIME_STYLES, k)[order]
    orders = _table(
        {
            "order_id": _null_key(order_id.take(o), rng),
            "account_id": accounts.account_id.take(pa.array(account[order])),
            "receiver_name": receiver_name.take(o),
            "receiver_phone": mess.phone_text(
                p.phone[phone_of[order]],
                rng,
                placeholder=receiver_test[order],
                style_weights=(0.85, 0.03, 0.03, 0.05, 0.02, 0.02),
                full_width_rate=0.0,
                padded_rate=0.0,
            ),
            "shipping_province": pool_array([c[1] for c in names.CITIES], city[order]),
            "shipping_city": build(
                k,
                Pick(city[order], [c[0] for c in names.CITIES]),
                Lit("市", rng.random(k) < SHIPPING_CITY_SUFFIX_RATE),
            ),
            "shipping_address": address.take(o),
            "ordered_at": mess.timestamp_text(
                t[order],
                rng,
                style_weights=ECOM_TIME_STYLES,
                style=time_style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
            "paid_at": mess.timestamp_text(
                paid_t[order],
                rng,
                style_weights=ECOM_TIME_STYLES,
                style=time_style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
                null=unpaid[order],
            ),
            "order_status": pool_array(ORDER_STATUSES, status[order]),
            "goods_amount": money(goods[order]),
            "coupon_code": build(
                k, Pick(coupon_code[order], COUPON_CODES), null=~coupon[order]
            ),
            "coupon_amount": money(coupon_amount[order]),
            "shipping_fee": money(shipping[order]),
            "paid_amount": money(paid_amount[order]),
        }
    )
    yield OutputTable(
        "raw",
        "ecom_orders",
        _with_duplicates(orders, stream(seed, "ecom", "duplicates")),
    )
    del orders, o, receiver_name, address

    lines_sorted = _members_in_group_order(starts, n_lines, order)
    lo_sorted = l_order[lines_sorted]
    negative = rng.random(len(lo_sorted)) < NEGATIVE_LINE_RATE
    line_amount = np.where(negative, -amount[lines_sorted], amount[lines_sorted])
    lines = _table(
        {
            "order_id": _null_key(order_id.take(pa.array(lo_sorted)), rng),
            "line_no": integers(line_no[lines_sorted]),
            "product_id": catalog.product_id.take(pa.array(product[lines_sorted])),
            "quantity": integers(qty[lines_sorted]),
            "unit_price": money(price_grid.ravel()).take(
                pa.array(
                    product[lines_sorted] * len(PROMO_FACTORS)
                    + factor_code[lines_sorted]
                )
            ),
            "line_amount": money(line_amount),
        }
    )
    yield OutputTable("raw", "ecom_order_lines", lines)
    return OrderFacts(person=o_person, account=account, t=t, product=first_product)


# ======================================================================================
# app events
# ======================================================================================


def make_app_events(
    p: Persons,
    accounts: Accounts,
    catalog: Catalog,
    orders: OrderFacts,
    seed: int,
    truth: TruthParts,
) -> tuple[pa.Table, np.ndarray]:
    """Events of app users' and anonymous browsers' devices; also who owns a device."""
    rng = stream(seed, "app", "devices")
    n = p.n
    has_account = accounts.first_of >= 0
    app_user = has_account & (rng.random(n) < p.param("p_app"))
    browser = ~has_account & (rng.random(n) < APP_ANONYMOUS_BROWSER_RATE)
    browser &= p.archetype != p.profile.test_code
    owner = np.flatnonzero(app_user | browser)
    n_dev = 1 + mess.choose(rng, APP_DEVICES_WEIGHTS, len(owner))
    d_person = np.repeat(owner, n_dev)
    d = len(d_person)
    first_device = np.full(n, -1, dtype=np.int64)
    dev_count = np.zeros(n, dtype=np.int64)
    first_device[owner] = _group_starts(n_dev)
    dev_count[owner] = n_dev
    platform = mess.choose(rng, APP_PLATFORM_WEIGHTS, d)
    logs_in = app_user[d_person] & (rng.random(d) < APP_DEVICE_LOGS_IN_RATE)
    upper = np.where(platform == 0, rng.random(d) < 0.9, rng.random(d) < 0.1)
    raw_id = rng.integers(0, 256, (d, 16), dtype=np.uint8)
    later = _sequence_within(d_person) > 1
    d_start = p.start[d_person].copy()
    d_start[later] += (
        rng.random(int(later.sum())) * (p.end - p.start)[d_person][later]
    ).astype(np.int64)
    d_end = p.end[d_person]

    # Purchase events from orders of app users, on a device that logs in.
    rng = stream(seed, "app", "purchases")
    cand = app_user[orders.person] & (
        rng.random(len(orders.person)) < APP_PURCHASE_EVENT_RATE
    )
    cand = np.flatnonzero(cand)
    dev = first_device[orders.person[cand]] + (
        rng.random(len(cand)) * dev_count[orders.person[cand]]
    ).astype(np.int64)
    keep = logs_in[dev] & (d_start[dev] <= orders.t[cand])
    buy_device, buy_order = dev[keep], cand[keep]

    # Browsing events, spread so the total is ~APP_EVENTS_PER_USER per user.
    rng = stream(seed, "app", "events")
    years = (d_end - d_start).clip(DAY) / YEAR
    weight = p.param("app_engagement")[d_person] * years
    budget = max(APP_EVENTS_PER_USER * len(owner) - len(buy_device), len(owner))
    lam = weight * budget / max(weight.sum(), 1e-9)
    n_browse = np.maximum(1, rng.poisson(lam))
    e_device = np.repeat(np.arange(d), n_browse)
    eb = len(e_device)
    e_t = _uniform_times(rng, d_start[e_device], d_end[e_device], ONLINE_HOURS)
    e_type = mess.choose(rng, p.profile.app_browse_weights, eb)
    with_product = (e_type == 2) | (e_type == 3)
    e_product = np.where(
        with_product,
        _pick_products(rng, catalog, p.archetype[d_person[e_device]], p.profile),
        -1,
    )
    person_of = d_person[e_device]
    a1 = accounts.first_of[person_of]
    a2 = accounts.second_of[person_of]
    use2 = (
        (a2 >= 0)
        & (accounts.registered[np.maximum(a2, 0)] <= e_t)
        & (rng.random(eb) < 0.3)
    )
    e_account = np.where(
        logs_in[e_device] & (rng.random(eb) < APP_LOGIN_EVENT_RATE),
        np.where(use2, a2, a1),
        -1,
    )

    e_device = np.concatenate([e_device, buy_device])
    e_t = np.concatenate([e_t, orders.t[buy_order]])
    e_type = np.concatenate([e_type, np.full(len(buy_device), 4)])
    e_product = np.concatenate([e_product, orders.product[buy_order]])
    e_account = np.concatenate([e_account, orders.account[buy_order]])
    e = len(e_device)
    e_phone = (
        logs_in[e_device]
        & (platform[e_device] == 2)
        & (rng.random(e) < APP_LOGIN_PHONE_RATE)
    )
    fake_phone = e_phone & (rng.random(e) < LOGIN_PHONE_PLACEHOLDER_RATE)
    order = np.argsort(e_t, kind="stable")
    e_device, e_t, e_type = e_device[order], e_t[order], e_type[order]
    e_product, e_account = e_product[order], e_account[order]
    e_phone, fake_phone = e_phone[order], fake_phone[order]

    rng = stream(seed, "app", "written")
    flip = rng.random(e) < APP_DEVICE_CASE_FLIP_RATE
    device_text = hex_ids(raw_id[e_device], upper[e_device] ^ flip)
    has_product = e_product >= 0
    safe_product = np.maximum(e_product, 0)
    table = _table(
        {
            "event_id": _null_key(prefixed("EV", np.arange(1, e + 1), 12), rng),
            "device_id": device_text,
            "platform": pool_array(APP_PLATFORMS, platform[e_device]),
            "login_account_id": build(
                e,
                Text(accounts.account_id.take(pa.array(np.maximum(e_account, 0)))),
                null=e_account < 0,
            ),
            "login_phone": mess.phone_text(
                p.phone[d_person[e_device]],
                rng,
                placeholder=fake_phone,
                null=~e_phone,
                style_weights=(0.8, 0.0, 0.0, 0.2, 0.0, 0.0),
                full_width_rate=0.0,
                padded_rate=0.0,
            ),
            "event_type": pool_array(p.profile.app_event_types, e_type),
            "product_id": build(
                e,
                Text(catalog.product_id.take(pa.array(safe_product))),
                null=~has_product,
            ),
            "category": build(
                e,
                Pick(catalog.product_category[safe_product], catalog.categories),
                null=~has_product,
            ),
            "event_at": mess.timestamp_text(
                e_t,
                rng,
                style_weights=APP_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=FUTURE_DATE_RATE,
            ),
        }
    )
    # Truth: one record per device, keyed by the id as written in its first event.
    first_event = np.full(d, -1, dtype=np.int64)
    first_event[e_device[::-1]] = np.arange(e)[::-1]
    identified = (e_account >= 0) | (e_phone & ~fake_phone)
    device_usable = np.bincount(e_device, weights=identified, minlength=d) > 0
    seen = first_event >= 0
    truth.add(
        "app_devices",
        device_text.take(pa.array(first_event[seen])),
        d_person[seen],
        device_usable[seen],
    )
    owns_device = np.zeros(n, dtype=bool)
    owns_device[owner] = True
    return _with_duplicates(table, stream(seed, "app", "duplicates")), owns_device


# ======================================================================================
# ground truth and the whole dataset
# ======================================================================================


def persons_table(
    p: Persons, members: Memberships, accounts: Accounts, app_owner: np.ndarray
) -> pa.Table:
    """persons.csv: one row per true person with clean attributes."""
    idx = np.arange(p.n)
    test = p.archetype == p.profile.test_code
    has_email = pc.is_valid(p.email).to_numpy(zero_copy_only=False)
    return pa.table(
        {
            "person_id": _person_ids(idx),
            "name": _written_names(p, idx),
            "gender": pool_array(("M", "F"), p.female.astype(np.int64)),
            "birth_date": mess.date_text(p.birth_day),
            "mobile": mess.plain_phone_text(p.phone, null=test),
            "email": build(p.n, Text(p.email), null=~has_email),
            "city": pool_array([c[0] for c in names.CITIES], p.city),
            "archetype": pool_array(
                [a.name for a in p.profile.all_archetypes], p.archetype
            ),
            "is_staff": pa.array(members.is_staff),
            "is_test_account": pa.array(test),
            "is_churned": pa.array(p.churned),
            "acquired_date": mess.date_text(p.start // DAY),
            "churned_date": mess.date_text(p.end // DAY, null=~p.churned),
            "household_partner_id": build(
                p.n, Lit("P"), Num(np.maximum(p.partner, 0) + 1, 8), null=p.partner < 0
            ),
            "has_crm_membership": pa.array(members.first_of >= 0),
            "has_ecom_account": pa.array(accounts.first_of >= 0),
            "has_app_device": pa.array(app_owner),
        }
    )


def record_truth_table(truth: TruthParts) -> pa.Table:
    """record_truth.csv: source_table, record_id, person_id, has_usable_identifier."""
    sizes = [len(x) for x in truth.record_ids]
    table_code = np.repeat(np.arange(len(sizes)), sizes)
    return pa.table(
        {
            "source_table": pool_array(truth.tables, table_code),
            "record_id": pa.concat_arrays(
                [x.cast(pa.string()) for x in truth.record_ids]
            ),
            "person_id": _person_ids(np.concatenate(truth.persons)),
            "has_usable_identifier": pa.array(np.concatenate(truth.usable)),
        }
    )


def generate_industry(
    profile: IndustryProfile, n_persons: int, seed: int
) -> Iterator[OutputTable]:
    """All tables of one industry profile for `n_persons` real persons: the core raw
    tables, the profile's extension tables, then ground truth."""
    from huaxiang.generator.extension import CoreFacts

    if n_persons < 1:
        raise ValueError("n_persons must be at least 1")
    profile.validate()
    catalog, products, stores = make_catalog(seed, profile.catalog)
    yield OutputTable("raw", "pos_stores", stores)
    yield OutputTable("raw", "products", products)
    del products, stores
    persons = make_persons(n_persons, seed, profile)
    truth = TruthParts([], [], [], [])
    members, crm = make_crm(persons, seed, truth)
    yield OutputTable("raw", "crm_members", crm)
    del crm
    accounts, account_table = make_ecom_accounts(persons, members, seed, truth)
    yield OutputTable("raw", "ecom_accounts", account_table)
    del account_table
    n_pos, n_ecom = activity_counts(persons, accounts, seed)
    yield from make_pos(persons, members, catalog, n_pos, seed, truth)
    facts = yield from make_ecom_orders(persons, accounts, catalog, n_ecom, seed)
    events, app_owner = make_app_events(persons, accounts, catalog, facts, seed, truth)
    yield OutputTable("raw", "app_events", events)
    del events, facts
    if profile.extension is not None:
        core = CoreFacts(
            persons=persons,
            members=members,
            accounts=accounts,
            catalog=catalog,
            app_owner=app_owner,
            n_pos=n_pos,
            n_ecom=n_ecom,
        )
        yield from profile.extension(core, seed)
    yield OutputTable("truth", "record_truth", record_truth_table(truth))
    yield OutputTable(
        "truth", "persons", persons_table(persons, members, accounts, app_owner)
    )


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All retail tables for `n_persons` real persons, raw first, then ground truth."""
    return generate_industry(RETAIL, n_persons, seed)
