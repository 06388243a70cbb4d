"""Finance demo data (bank / wealth / insurance): the shared core plus bank facts.

Dressing of the core tables: products are deposits, wealth-management products, funds,
insurance policies, loans and credit cards (list_price = typical ticket in CNY); a
"store" is a bank branch (pos_transactions = counter business: subscriptions,
applications); e-commerce orders are mobile/online-banking subscriptions; app events
include check_balance and start_application.

Extension tables (reference crm member_id, or ecom account_id when the customer has
no member id):
- finance_holdings: AUM snapshot per customer, product and snapshot date
  (2026-03-31 and 2026-06-30), so trends (AUM draining away) can be seen;
- finance_risk_assessments: suitability questionnaires, risk level C1-C5 with date;
- finance_credit_accounts: credit cards and loans with limit, balance, days past due,
  months on book, at quarterly snapshots (2025-06-30 .. 2026-06-30): a
  delinquency history where accounts miss payments, roll on or cure following the
  latent propensity (the credit scorecard's outcome).

Latent truth (`person_latent.csv`): true risk appetite (1-5), true investable wealth,
delinquency propensity, whether the customer is leaving (AUM drained between the two
snapshots) — these drive the extension facts, and tag quality can be checked against
them.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from huaxiang.generator import extension as ext
from huaxiang.generator import mess
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.formatting import pool_array, prefixed
from huaxiang.generator.profile import Archetype, CatalogSpec, IndustryProfile
from huaxiang.generator.retail import DAY, MALFORMED_DATE_RATE, WINDOW_END
from huaxiang.generator.seeding import categorical, stream

CATEGORIES = ("存款", "理财", "基金", "保险", "贷款", "信用卡")
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "存款": (("活期存款", 1000, 50000), ("定期存款", 10000, 500000),
             ("大额存单", 200000, 1000000), ("通知存款", 50000, 300000),
             ("结构性存款", 50000, 500000)),
    "理财": (("现金管理类理财", 1000, 100000), ("固收类理财", 10000, 500000),
             ("固收+理财", 10000, 300000), ("混合类理财", 10000, 300000),
             ("养老理财", 1000, 100000)),
    "基金": (("货币基金", 100, 50000), ("债券基金", 1000, 100000),
             ("混合基金", 1000, 100000), ("股票基金", 1000, 100000),
             ("指数基金", 100, 50000)),
    "保险": (("重疾险", 3000, 20000), ("医疗险", 300, 3000), ("寿险", 5000, 50000),
             ("年金险", 10000, 200000), ("意外险", 100, 1000)),
    "贷款": (("个人消费贷", 10000, 300000), ("住房贷款", 300000, 3000000),
             ("经营贷", 100000, 1000000), ("车贷", 50000, 300000),
             ("信用贷", 10000, 200000)),
    "信用卡": (("普卡", 100, 300), ("金卡", 300, 800), ("白金卡", 800, 3600),
               ("联名卡", 100, 600), ("分期服务", 1000, 50000)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "存款": ("华享银行", "华享安心存", "华享稳盈", "华享月月享", "华享金葵花"),
    "理财": ("华享理财", "招远理财", "建信达理财", "交融理财", "中汇理财"),
    "基金": ("易达基金", "华信基金", "南岭基金", "博远基金", "广丰基金"),
    "保险": ("华享人寿", "平和保险", "安泰人寿", "国康保险", "太安保险"),
    "贷款": ("华享银行", "华享消费金融", "华享快贷", "华享安居", "华享车享"),
    "信用卡": ("华享信用卡", "华享航空联名", "华享商超联名", "华享电竞联名",
               "华享旅行联名"),
}  # fmt: skip
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(40, 80, 150, 60, 30, 20),
    variants=(
        "3个月",
        "6个月",
        "1年期",
        "3年期",
        "5年期",
        "A类",
        "C类",
        "标准版",
        "尊享版",
        "个人版",
        "家庭版",
        "季付",
        "年付",
        "灵活申赎",
    ),  # fmt: skip
    store_types=("flagship", "branch", "community"),
    store_type_weights=(0.15, 0.60, 0.25),
    store_type_visit_weights=(1.5, 1.0, 0.6),
    store_areas={
        "flagship": ("陆家嘴", "金融街", "中心", "国贸"),
        "branch": ("人民路", "中山路", "解放路", "建设路", "新华路", "高新区"),
        "community": ("花园社区", "新村", "家园", "幸福里"),
    },
    store_prefix="华享银行",
    store_suffix="支行",
)

# name, share, p_crm, p_ecom, p_app, p_existing, churn, pos/yr, ecom/yr, pos lines,
# ecom lines, promo, app engagement, female, age, tiers, category weights.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("affluent_investor", 0.08, 0.98, 0.85, 0.85, 0.90, 0.02, 3.0, 6.0,
              1.0, 1.0, 0.5, 1.5, 0.45, 48, (0.05, 0.15, 0.40, 0.40),
              (10, 30, 30, 15, 3, 12)),
    Archetype("salaried_saver", 0.25, 0.95, 0.70, 0.70, 0.80, 0.06, 2.0, 3.0,
              1.0, 1.0, 1.0, 1.0, 0.52, 38, (0.50, 0.35, 0.13, 0.02),
              (35, 25, 10, 10, 5, 15)),
    Archetype("young_digital", 0.20, 0.85, 0.95, 0.95, 0.50, 0.08, 0.3, 5.0,
              1.0, 1.0, 1.3, 1.8, 0.50, 28, (0.80, 0.17, 0.03, 0.0),
              (15, 15, 20, 5, 10, 35)),
    Archetype("borrower", 0.12, 0.95, 0.70, 0.70, 0.70, 0.08, 1.5, 2.5,
              1.0, 1.0, 1.0, 1.0, 0.40, 36, (0.60, 0.30, 0.10, 0.0),
              (5, 5, 5, 5, 50, 30)),
    Archetype("retiree_branch", 0.12, 0.98, 0.20, 0.15, 0.90, 0.04, 3.0, 0.5,
              1.0, 1.0, 1.0, 0.3, 0.55, 65, (0.40, 0.35, 0.20, 0.05),
              (50, 30, 5, 15, 0.1, 0.1)),
    Archetype("new_customer", 0.10, 0.90, 0.80, 0.80, 0.0, 0.0, 1.0, 3.0,
              1.0, 1.0, 1.2, 1.2, 0.50, 30, (0.90, 0.10, 0.0, 0.0),
              (30, 15, 10, 10, 10, 25)),
    Archetype("dormant", 0.13, 0.95, 0.50, 0.40, 0.90, 1.0, 1.5, 1.5,
              1.0, 1.0, 1.0, 0.6, 0.50, 45, (0.60, 0.30, 0.10, 0.0),
              (40, 20, 10, 10, 10, 10)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 4.0, 1.0,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

# --- latent attributes per archetype --------------------------------------------------
# True risk appetite 1 (conservative) .. 5 (aggressive).
RISK_WEIGHTS = {
    "affluent_investor": (0.05, 0.15, 0.30, 0.30, 0.20),
    "salaried_saver": (0.15, 0.35, 0.35, 0.12, 0.03),
    "young_digital": (0.05, 0.15, 0.35, 0.30, 0.15),
    "borrower": (0.15, 0.30, 0.35, 0.15, 0.05),
    "retiree_branch": (0.45, 0.35, 0.15, 0.05, 0.0),
    "new_customer": (0.15, 0.25, 0.35, 0.20, 0.05),
    "dormant": (0.25, 0.35, 0.25, 0.10, 0.05),
}
# Median investable wealth (CNY) and log-normal spread.
WEALTH_MEDIAN = {
    "affluent_investor": 2_000_000, "salaried_saver": 150_000,
    "young_digital": 30_000, "borrower": 20_000, "retiree_branch": 400_000,
    "new_customer": 20_000, "dormant": 10_000,
}  # fmt: skip
WEALTH_SIGMA = 0.9
# Mean delinquency propensity (probability of being past due at a snapshot).
DELINQUENCY_MEAN = {
    "affluent_investor": 0.01, "salaried_saver": 0.04, "young_digital": 0.10,
    "borrower": 0.25, "retiree_branch": 0.02, "new_customer": 0.06, "dormant": 0.08,
}  # fmt: skip
# Share of active customers quietly leaving (AUM drained between the snapshots).
LEAVING_RATE = {
    "affluent_investor": 0.03, "salaried_saver": 0.05, "young_digital": 0.10,
    "borrower": 0.06, "retiree_branch": 0.03, "new_customer": 0.08, "dormant": 0.0,
}  # fmt: skip
# Credit: share with a credit product, and product type weights
# (credit_card, consumer_loan, mortgage, business_loan).
CREDIT_RATE = {
    "affluent_investor": 0.40, "salaried_saver": 0.45, "young_digital": 0.60,
    "borrower": 0.95, "retiree_branch": 0.10, "new_customer": 0.30, "dormant": 0.30,
}  # fmt: skip
CREDIT_TYPE_WEIGHTS = {
    "affluent_investor": (0.5, 0.1, 0.3, 0.1),
    "borrower": (0.3, 0.35, 0.2, 0.15),
}
CREDIT_TYPE_DEFAULT = (0.7, 0.2, 0.08, 0.02)
CREDIT_LIMITS_YUAN = ((5_000, 100_000), (10_000, 300_000), (300_000, 3_000_000),
                      (100_000, 1_000_000))  # fmt: skip

# Holdings: AUM product types (categories 0-3) and their share by risk appetite 1-5.
HOLDING_TYPES = ("deposit", "wealth_management", "fund", "insurance")
HOLDING_SHARE = np.array(
    [
        [0.80, 0.60, 0.40, 0.25, 0.15],  # deposit
        [0.15, 0.25, 0.30, 0.30, 0.20],  # wealth management
        [0.00, 0.05, 0.20, 0.35, 0.55],  # fund
        [0.05, 0.10, 0.10, 0.10, 0.10],  # insurance
    ]
)
HOLDING_MIN_SHARE = 0.04  # a product type is held when its noisy share exceeds this
SNAPSHOT_DAYS = (
    int(np.datetime64("2026-03-31", "D").astype(np.int64)),
    int(np.datetime64("2026-06-30", "D").astype(np.int64)),
)

# How systems spell the codes (first = canonical); seeds/standard_values.csv maps them.
HOLDING_TYPE_SPELLINGS = (
    ("deposit", "存款", "DEPOSIT"),
    ("wealth_management", "理财", "WMP"),
    ("fund", "基金", "FUND"),
    ("insurance", "保险", "INS"),
)
RISK_LEVEL_SPELLINGS = (
    ("C1", "c1", "保守型", "1"),
    ("C2", "c2", "谨慎型", "2"),
    ("C3", "c3", "稳健型", "3"),
    ("C4", "c4", "积极型", "4"),
    ("C5", "c5", "激进型", "5"),
)
CREDIT_TYPE_SPELLINGS = (
    ("credit_card", "信用卡", "CC"),
    ("consumer_loan", "消费贷", "个人消费贷款"),
    ("mortgage", "房贷", "住房贷款"),
    ("business_loan", "经营贷", "个人经营贷款"),
)
RISK_ASSESSMENT_NOISE = 0.15  # questionnaires off by one level
ASSESSMENT_TIME_STYLES = (0.55, 0.25, 0.20, 0.0)
# Credit account snapshots (quarter ends; the last is the demo's as-of date) and
# the delinquency process between them: the share of delinquent accounts by
# days-past-due bucket at the first snapshot, the chance a delinquent account
# rolls on to the next bucket (base + per unit of propensity), charge-off age.
CREDIT_SNAPSHOT_DAYS = tuple(
    int(np.datetime64(d, "D").astype(np.int64))
    for d in ("2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31", "2026-06-30")
)
DPD_BUCKET_WEIGHTS = (0.5, 0.25, 0.15, 0.10)
DPD_BUCKET_LOW = (1, 30, 60, 90)
DPD_BUCKET_HIGH = (30, 60, 90, 181)
ROLL_RATE_BASE = 0.30
ROLL_RATE_PER_PROPENSITY = 1.5
CHARGED_OFF_DAYS = 180
BAD_DAYS_PAST_DUE = 90
FIRST_ASSESSMENT = int(np.datetime64("2021-01-01T00:00:00", "s").astype(np.int64))


def _by_archetype(p_arche: np.ndarray, table: dict[str, float]) -> np.ndarray:
    values = np.zeros(len(ARCHETYPES) + 1)
    for name, v in table.items():
        values[_CODE[name]] = v
    return values[p_arche]


def latent_attributes(core: ext.CoreFacts, seed: int) -> dict[str, np.ndarray]:
    """Per person: risk appetite 1-5, wealth (cents), delinquency propensity,
    leaving flag (test accounts get neutral values)."""
    p = core.persons
    rng = stream(seed, "finance", "latent")
    risk = 1 + ext.latent_draw(
        rng,
        p.archetype,
        {_CODE[name]: w for name, w in RISK_WEIGHTS.items()},
    )
    median = _by_archetype(p.archetype, WEALTH_MEDIAN)
    wealth_yuan = median * np.exp(rng.normal(0.0, WEALTH_SIGMA, p.n))
    # Richer persons within an archetype are also a bit bolder.
    mean = np.clip(_by_archetype(p.archetype, DELINQUENCY_MEAN), 0.005, 0.9)
    a = 1.5
    delinquency = rng.beta(a, a * (1 - mean) / mean)
    leaving = (rng.random(p.n) < _by_archetype(p.archetype, LEAVING_RATE)) & ~p.churned
    test = p.archetype == p.profile.test_code
    risk[test] = 3
    wealth_yuan[test] = 0
    delinquency[test] = 0
    leaving[test] = False
    return {
        "risk_appetite": risk.astype(np.int64),
        "wealth_cents": np.round(wealth_yuan * 100).astype(np.int64),
        "delinquency_propensity": delinquency,
        "is_leaving": leaving,
    }


def _holdings(
    core: ext.CoreFacts, latent: dict[str, np.ndarray], seed: int
) -> tuple[pa.Table, np.ndarray]:
    """AUM snapshot rows at two dates; returns the table and AUM (cents) per person at
    the last snapshot."""
    p = core.persons
    rng = stream(seed, "finance", "holdings")
    holder = np.flatnonzero(core.reachable())
    risk = latent["risk_appetite"][holder] - 1
    share = HOLDING_SHARE[:, risk].T * rng.gamma(4.0, 0.25, (len(holder), 4))
    share /= share.sum(axis=1, keepdims=True)
    held = share > HOLDING_MIN_SHARE
    held[np.arange(len(holder)), np.argmax(share, axis=1)] = True
    share = np.where(held, share, 0.0)
    share /= share.sum(axis=1, keepdims=True)
    row_holder, row_type = np.nonzero(held)
    person = holder[row_holder]
    base = latent["wealth_cents"][person] * share[row_holder, row_type]
    churned = p.churned[person]
    leaving = latent["is_leaving"][person]
    n = len(person)
    earlier = base * np.where(
        churned, rng.uniform(0.0, 0.05, n), rng.uniform(0.9, 1.1, n)
    )
    later = earlier * np.where(
        leaving,
        rng.uniform(0.05, 0.4, n),
        np.where(churned, rng.uniform(0.5, 1.0, n), rng.uniform(0.95, 1.08, n)),
    )
    # One product of the type per holding, popular ones more often.
    product = np.empty(n, dtype=np.int64)
    for t in range(len(HOLDING_TYPES)):
        rows = np.flatnonzero(row_type == t)
        pool = ext.products_of_category(core.catalog, t)
        product[rows] = pool[rng.integers(0, len(pool), len(rows))]

    snap = np.repeat([0, 1], n)
    person2 = np.concatenate([person, person])
    balance = np.round(np.concatenate([earlier, later])).astype(np.int64)
    type2 = np.concatenate([row_type, row_type])
    product2 = np.concatenate([product, product])
    total = 2 * n
    rng = stream(seed, "finance", "holdings written")
    member, account = core.customer_refs(person2, rng)
    table = ext.text_table(
        {
            "holding_id": ext.null_key(prefixed("H", 1 + np.arange(total), 10), rng),
            "member_id": member,
            "account_id": account,
            "product_id": core.catalog.product_id.take(pa.array(product2)),
            "product_type": ext.written_codes(rng, type2, HOLDING_TYPE_SPELLINGS),
            "balance": ext.money_text(balance, rng),
            "snapshot_date": ext.date_text(
                np.array(SNAPSHOT_DAYS)[snap], rng, malformed_rate=MALFORMED_DATE_RATE
            ),
        }
    )
    aum = np.bincount(person, weights=later, minlength=p.n)
    return ext.with_duplicates(table, stream(seed, "finance", "holdings dup")), aum


def _risk_assessments(
    core: ext.CoreFacts, latent: dict[str, np.ndarray], seed: int
) -> pa.Table:
    p = core.persons
    rng = stream(seed, "finance", "assessments")
    holder = np.flatnonzero(core.reachable())
    count = 1 + (rng.random(len(holder)) < 0.5) + (rng.random(len(holder)) < 0.2)
    person = np.repeat(holder, count)
    n = len(person)
    lo = np.maximum(p.start[person] - 2 * 365 * DAY, FIRST_ASSESSMENT)
    hi = np.maximum(p.end[person], lo + DAY)
    t = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
    off = np.where(
        rng.random(n) < RISK_ASSESSMENT_NOISE, np.where(rng.random(n) < 0.5, -1, 1), 0
    )
    level = np.clip(latent["risk_appetite"][person] + off, 1, 5)
    score = level * 20 - rng.integers(0, 20, n)
    rng = stream(seed, "finance", "assessments written")
    member, account = core.customer_refs(person, rng)
    table = ext.text_table(
        {
            "assessment_id": ext.null_key(prefixed("RA", 1 + np.arange(n), 9), rng),
            "member_id": member,
            "account_id": account,
            "risk_level": ext.written_codes(
                rng, level - 1, RISK_LEVEL_SPELLINGS, unmapped="未评估"
            ),
            "questionnaire_score": ext.integer_text(score, rng),
            "assessed_at": mess.timestamp_text(
                t,
                rng,
                style_weights=ASSESSMENT_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
        }
    )
    return ext.with_duplicates(table, stream(seed, "finance", "assessments dup"))


def _credit_accounts(
    core: ext.CoreFacts, latent: dict[str, np.ndarray], seed: int
) -> tuple[pa.Table, np.ndarray]:
    """Credit accounts at quarterly snapshots; returns the table and, per person,
    whether an account reached 90+ days past due in the last two quarters."""
    p = core.persons
    rng = stream(seed, "finance", "credit")
    reach = core.reachable()
    has = reach & (rng.random(p.n) < _by_archetype(p.archetype, CREDIT_RATE))
    holder = np.flatnonzero(has)
    count = 1 + (rng.random(len(holder)) < 0.25)
    person = np.repeat(holder, count)
    n = len(person)
    kind = np.empty(n, dtype=np.int64)
    arche = p.archetype[person]
    for code in range(len(ARCHETYPES)):
        rows = np.flatnonzero(arche == code)
        w = CREDIT_TYPE_WEIGHTS.get(ARCHETYPES[code].name, CREDIT_TYPE_DEFAULT)
        kind[rows] = categorical(rng, np.array(w), len(rows))
    lo = np.array([c[0] for c in CREDIT_LIMITS_YUAN])[kind]
    hi = np.array([c[1] for c in CREDIT_LIMITS_YUAN])[kind]
    # Wealthier persons get higher limits (rank within the population).
    wealth_rank = np.argsort(np.argsort(latent["wealth_cents"])) / max(p.n - 1, 1)
    u = np.clip(0.6 * wealth_rank[person] + 0.4 * rng.random(n), 0, 1)
    limit_yuan = np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
    limit = (np.round(limit_yuan / 1000) * 1000 * 100).astype(np.int64)
    propensity = latent["delinquency_propensity"][person]
    base_utilisation = rng.beta(2, 3, n) + 0.5 * propensity
    as_of_day = WINDOW_END // DAY
    first_open = int(np.datetime64("2012-01-01", "D").astype(np.int64))
    open_lo = np.where(
        p.start[person] <= p.start.min(), first_open, p.start[person] // DAY - 30
    )
    opened = open_lo + (rng.random(n) * (as_of_day - 31 - open_lo)).astype(np.int64)
    # Quarterly account snapshots (a bureau-style history): days past due
    # follow the latent propensity -- current accounts miss a payment with
    # probability `propensity`, delinquent ones roll on (more often the
    # riskier the borrower) or cure. The last snapshot is the as-of state.
    rng = stream(seed, "finance", "credit history")
    dpd = np.zeros((len(CREDIT_SNAPSHOT_DAYS), n), dtype=np.int64)
    bucket = categorical(rng, np.array(DPD_BUCKET_WEIGHTS), n)
    dpd[0] = np.where(
        rng.random(n) < propensity,
        rng.integers(
            np.array(DPD_BUCKET_LOW)[bucket], np.array(DPD_BUCKET_HIGH)[bucket]
        ),
        0,
    )
    roll = np.clip(ROLL_RATE_BASE + ROLL_RATE_PER_PROPENSITY * propensity, 0, 0.95)
    for s in range(1, len(CREDIT_SNAPSHOT_DAYS)):
        gap = CREDIT_SNAPSHOT_DAYS[s] - CREDIT_SNAPSHOT_DAYS[s - 1]
        starts = rng.random(n) < propensity
        rolls = rng.random(n) < roll
        new_spell = rng.integers(1, gap + 1, n)
        previous = dpd[s - 1]
        dpd[s] = np.where(
            previous == 0,
            np.where(starts, new_spell, 0),
            np.where(rolls | (previous >= CHARGED_OFF_DAYS), previous + gap, 0),
        )
    utilisation = np.clip(
        base_utilisation + rng.normal(0.0, 0.05, (len(CREDIT_SNAPSHOT_DAYS), n)), 0, 1.2
    )
    snapshot = np.array(CREDIT_SNAPSHOT_DAYS)
    on_book = opened[None, :] <= snapshot[:, None]
    snap_index, row = np.nonzero(on_book)
    account = row
    holder_of_account = person
    person = person[row]
    kind = kind[row]
    limit = limit[row]
    opened = opened[row]
    snap_day = snapshot[snap_index]
    balance = np.round(limit * utilisation[snap_index, row]).astype(np.int64)
    days_past_due = dpd[snap_index, row]
    months_on_book = (snap_day - opened) * 12 // 365
    n = len(row)
    rng = stream(seed, "finance", "credit written")
    member, account_ref = core.customer_refs(person, rng)
    table = ext.text_table(
        {
            "credit_account_id": ext.null_key(prefixed("CA", 1 + account, 9), rng),
            "member_id": member,
            "account_id": account_ref,
            "product_type": ext.written_codes(rng, kind, CREDIT_TYPE_SPELLINGS),
            "credit_limit": ext.money_text(limit, rng),
            "balance": ext.money_text(balance, rng),
            "days_past_due": ext.integer_text(days_past_due, rng, invalid_rate=0.002),
            "months_on_book": ext.integer_text(months_on_book, rng),
            "opened_date": ext.date_text(
                opened, rng, malformed_rate=MALFORMED_DATE_RATE, future_rate=0.001
            ),
            "snapshot_date": ext.date_text(snap_day, rng, malformed_rate=0.0),
        }
    )
    # Truth: reached 90+ days past due in the last two quarters (from below 90
    # at the snapshot before them), per person.
    went_bad = (dpd[-2:].max(axis=0) >= BAD_DAYS_PAST_DUE) & (
        dpd[-3] < BAD_DAYS_PAST_DUE
    )
    bad_person = np.zeros(p.n, dtype=bool)
    bad_person[holder_of_account[went_bad]] = True
    return (
        ext.with_duplicates(table, stream(seed, "finance", "credit dup")),
        bad_person,
    )


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Finance extension tables, then the latent-attribute truth."""
    latent = latent_attributes(core, seed)
    holdings, aum = _holdings(core, latent, seed)
    yield OutputTable("raw", "finance_holdings", holdings)
    del holdings
    yield OutputTable(
        "raw", "finance_risk_assessments", _risk_assessments(core, latent, seed)
    )
    credit_accounts, credit_bad = _credit_accounts(core, latent, seed)
    yield OutputTable("raw", "finance_credit_accounts", credit_accounts)
    del credit_accounts
    p = core.persons
    idx = np.arange(p.n)
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "true_risk_appetite": pool_array(
                    ("C1", "C2", "C3", "C4", "C5"), latent["risk_appetite"] - 1
                ),
                "true_wealth_cny": pa.array(latent["wealth_cents"] / 100),
                "true_aum_cny": pa.array(np.round(aum) / 100),
                "delinquency_propensity": pa.array(
                    np.round(latent["delinquency_propensity"], 4)
                ),
                "is_leaving": pa.array(latent["is_leaving"]),
                "is_credit_bad_last_half_year": pa.array(credit_bad),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )


PROFILE = IndustryProfile(
    name="finance",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=(
        "app_open",
        "check_balance",
        "view_product",
        "start_application",
        "purchase",
    ),
    app_browse_weights=(0.30, 0.30, 0.30, 0.10),
    quantity_weights=(1.0,),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All finance tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
