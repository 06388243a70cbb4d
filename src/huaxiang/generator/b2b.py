"""B2B / SaaS demo data: core plus company, contact and subscription facts.

The core tables describe the people at client companies: CRM members are registered
contacts, e-commerce accounts are self-service portal accounts, orders are online
purchases of plans and add-ons, POS receipts are sales at offline events and partner
offices; the app adds workspace_login events.

Extension tables:
- b2b_companies: client companies (sector, employee count, city);
- b2b_contacts: which person (crm member_id or ecom account_id) works for which company
  and in which role (admin, champion, user, billing, executive);
- b2b_subscriptions: plans per company with seats purchased and active, annual contract
  value and contract dates.

Latent truth: `person_latent.csv` (company and role of each person) and
`company_latent.csv` (account health, renewal risk, expansion opportunity), which drive
seat utilisation, renewals and seat growth.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from huaxiang.generator import extension as ext
from huaxiang.generator import names
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.formatting import Lit, Num, Pick, build, pool_array, prefixed
from huaxiang.generator.profile import Archetype, CatalogSpec, IndustryProfile
from huaxiang.generator.retail import (
    DAY,
    MALFORMED_DATE_RATE,
    WINDOW_END,
    _sequence_within,
)
from huaxiang.generator.seeding import categorical, stream

CATEGORIES = ("订阅套餐", "增购席位", "增值模块", "实施服务", "培训认证", "硬件设备")
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "订阅套餐": (("基础版", 3000, 12000), ("专业版", 12000, 60000),
                 ("企业版", 60000, 300000), ("旗舰版", 200000, 1000000),
                 ("试用转正", 1000, 5000)),
    "增购席位": (("10席位包", 2000, 6000), ("50席位包", 8000, 25000),
                 ("100席位包", 15000, 45000), ("只读席位", 500, 2000),
                 ("外部协作者", 500, 3000)),
    "增值模块": (("BI报表", 5000, 30000), ("审批流", 3000, 15000),
                 ("API调用包", 2000, 20000), ("数据安全", 10000, 50000),
                 ("AI助手", 5000, 40000)),
    "实施服务": (("标准实施", 10000, 50000), ("定制开发", 50000, 300000),
                 ("数据迁移", 10000, 80000), ("系统集成", 30000, 150000),
                 ("驻场支持", 20000, 100000)),
    "培训认证": (("管理员培训", 2000, 8000), ("用户培训", 1000, 5000),
                 ("认证考试", 500, 2000), ("线上课程", 300, 1500),
                 ("年度大会门票", 1000, 5000)),
    "硬件设备": (("会议平板", 8000, 30000), ("考勤机", 1000, 5000),
                 ("扫码枪", 300, 1500), ("智能门禁", 2000, 10000),
                 ("打印机", 1500, 8000)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "订阅套餐": ("华享云", "华享协同", "华享CRM", "华享HR", "华享财务"),
    "增购席位": ("华享云", "华享协同", "华享CRM", "华享HR", "华享财务"),
    "增值模块": ("华享BI", "华享流程", "华享开放平台", "华享安全", "华享智能"),
    "实施服务": ("华享服务", "伙伴实施", "华享专家", "华享集成", "华享驻场"),
    "培训认证": ("华享学院", "华享学院", "华享认证", "华享学院", "华享大会"),
    "硬件设备": ("华享硬件", "合作伙伴", "华享硬件", "合作伙伴", "华享硬件"),
}
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(20, 20, 30, 20, 20, 20),
    variants=(
        "月付",
        "年付",
        "三年付",
        "标准",
        "高级",
        "私有化",
        "SaaS",
        "混合云",
        "华东",
        "华南",
        "华北",
        "行业版",
        "教育优惠",
        "渠道版",
    ),  # fmt: skip
    store_types=("sales_office", "partner_office"),
    store_type_weights=(0.4, 0.6),
    store_type_visit_weights=(1.2, 1.0),
    store_areas={
        "sales_office": ("总部", "分公司", "客户成功中心"),
        "partner_office": ("科技园", "软件园", "CBD", "高新区"),
    },
    store_prefix="华享云",
    store_suffix="服务中心",
)

ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("admin_champion", 0.15, 0.98, 0.90, 0.90, 0.85, 0.03, 0.3, 2.0,
              1.0, 1.3, 0.8, 2.5, 0.45, 35, (0.20, 0.40, 0.30, 0.10),
              (30, 25, 25, 5, 10, 5)),
    Archetype("power_user", 0.20, 0.90, 0.80, 0.95, 0.80, 0.05, 0.1, 0.5,
              1.0, 1.1, 1.0, 2.0, 0.50, 30, (0.50, 0.35, 0.13, 0.02),
              (20, 20, 20, 5, 30, 5)),
    Archetype("occasional_user", 0.30, 0.85, 0.50, 0.70, 0.75, 0.10, 0.05, 0.2,
              1.0, 1.0, 1.0, 0.6, 0.50, 32, (0.80, 0.17, 0.03, 0.0),
              (20, 20, 20, 5, 30, 5)),
    Archetype("buyer_executive", 0.10, 0.95, 0.70, 0.40, 0.85, 0.05, 0.5, 1.0,
              1.2, 1.5, 0.6, 0.4, 0.35, 45, (0.10, 0.30, 0.40, 0.20),
              (45, 20, 15, 15, 0.5, 5)),
    Archetype("new_customer", 0.12, 0.90, 0.80, 0.80, 0.0, 0.0, 0.2, 1.0,
              1.0, 1.2, 1.2, 1.5, 0.50, 30, (0.90, 0.10, 0.0, 0.0),
              (50, 10, 10, 15, 10, 5)),
    Archetype("churned_contact", 0.13, 0.85, 0.50, 0.40, 0.85, 1.0, 0.1, 0.3,
              1.0, 1.0, 1.0, 0.4, 0.50, 35, (0.70, 0.25, 0.05, 0.0),
              (30, 20, 20, 10, 15, 5)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.8, 0.0, 0.0, 0.0, 0.5, 0.5,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

PERSONS_PER_COMPANY = 6.0
SECTORS = ("manufacturing", "retail", "finance", "technology", "healthcare",
           "education", "logistics", "professional_services")  # fmt: skip
SECTOR_SPELLINGS = (
    ("manufacturing", "制造业", "MFG"),
    ("retail", "零售", "RETAIL"),
    ("finance", "金融", "FIN"),
    ("technology", "互联网/科技", "TECH"),
    ("healthcare", "医疗", "HEALTH"),
    ("education", "教育", "EDU"),
    ("logistics", "物流", "LOGISTICS"),
    ("professional_services", "专业服务", "SERVICES"),
)
ROLES = ("admin", "champion", "user", "billing", "executive")
ROLE_SPELLINGS = (
    ("admin", "管理员", "ADMIN"),
    ("champion", "业务负责人", "CHAMPION"),
    ("user", "普通用户", "USER"),
    ("billing", "财务", "BILLING"),
    ("executive", "决策人", "EXEC"),
)
PLANS = ("basic", "pro", "enterprise")
PLAN_SPELLINGS = (("basic", "基础版", "BASIC"), ("pro", "专业版", "PRO"),
                  ("enterprise", "企业版", "ENT"))  # fmt: skip
PRICE_PER_SEAT_YUAN = (600, 1500, 3000)
COMPANY_SUFFIXES = ("科技有限公司", "制造有限公司", "商贸有限公司", "集团有限公司",
                    "信息技术有限公司", "医疗器械有限公司", "教育科技有限公司",
                    "物流有限公司")  # fmt: skip
COMPANY_WORDS = ("华信", "远航", "鼎盛", "恒通", "新锐", "博达", "众合", "嘉禾", "天成",
                 "瑞丰", "长青", "启航", "汇智", "宏图", "云帆", "正元")  # fmt: skip


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Companies, contacts, subscriptions, then the latent truth."""
    p = core.persons
    rng = stream(seed, "b2b", "companies")
    contacts = np.flatnonzero(core.reachable())
    n_comp = max(3, round(len(contacts) / PERSONS_PER_COMPANY))
    # Company sizes: heavy-tailed; people join companies in proportion to size.
    employees = np.round(np.exp(rng.normal(4.0, 1.4, n_comp))).astype(np.int64) + 5
    weight = np.sqrt(employees.astype(float))
    company_of = categorical(rng, weight, len(contacts))
    sector = rng.integers(0, len(SECTORS), n_comp)
    city = categorical(rng, np.array([c[3] for c in names.CITIES]), n_comp)
    health = rng.beta(3, 2, n_comp)
    expansion = rng.beta(2, 3, n_comp) * (0.5 + health)
    created = int(np.datetime64("2016-01-01", "D").astype(np.int64)) + rng.integers(
        0, 3000, n_comp
    )
    word = rng.integers(0, len(COMPANY_WORDS), (n_comp, 2))
    suffix = np.minimum(sector, len(COMPANY_SUFFIXES) - 1)
    company_id = prefixed("C", 100001 + np.arange(n_comp), 6)
    rng = stream(seed, "b2b", "companies written")
    companies = ext.text_table(
        {
            "company_id": ext.null_key(company_id, rng),
            "company_name": build(
                n_comp,
                Pick(city, [c[0] for c in names.CITIES]),
                Pick(word[:, 0], COMPANY_WORDS),
                Pick(word[:, 1], COMPANY_WORDS),
                Pick(suffix, COMPANY_SUFFIXES),
            ),
            "sector": ext.written_codes(rng, sector, SECTOR_SPELLINGS),
            "employee_count": ext.integer_text(employees, rng, invalid_rate=0.005),
            "city": pool_array([c[0] for c in names.CITIES], city),
            "created_date": ext.date_text(
                created, rng, malformed_rate=MALFORMED_DATE_RATE
            ),
        }
    )
    yield OutputTable(
        "raw",
        "b2b_companies",
        ext.with_duplicates(companies, stream(seed, "b2b", "companies dup")),
    )

    # --- contacts -----------------------------------------------------------------
    rng = stream(seed, "b2b", "contacts")
    arche = p.archetype[contacts]
    role = np.where(
        arche == _CODE["admin_champion"],
        np.where(rng.random(len(contacts)) < 0.5, 0, 1),
        np.where(
            arche == _CODE["buyer_executive"],
            np.where(rng.random(len(contacts)) < 0.6, 4, 3),
            2,
        ),
    )
    c = len(contacts)
    rng = stream(seed, "b2b", "contacts written")
    member, account = core.customer_refs(contacts, rng)
    contact_table = ext.text_table(
        {
            "contact_id": ext.null_key(prefixed("CT", 1 + np.arange(c), 8), rng),
            "company_id": company_id.take(pa.array(company_of)),
            "member_id": member,
            "account_id": account,
            "role": ext.written_codes(rng, role, ROLE_SPELLINGS),
        }
    )
    yield OutputTable(
        "raw",
        "b2b_contacts",
        ext.with_duplicates(contact_table, stream(seed, "b2b", "contacts dup")),
    )

    # --- subscriptions ------------------------------------------------------------
    rng = stream(seed, "b2b", "subscriptions")
    as_of_day = WINDOW_END // DAY
    plan = np.where(employees > 500, 2, np.where(employees > 80, 1, 0))
    plan = np.where(rng.random(n_comp) < 0.2, rng.integers(0, 3, n_comp), plan)
    seats = np.maximum(5, np.round(employees * rng.uniform(0.2, 0.8, n_comp))).astype(
        np.int64
    )
    utilisation = np.clip(0.25 + 0.7 * health + rng.normal(0, 0.08, n_comp), 0.05, 1.0)
    # Healthy, expanding companies outgrow their seats.
    utilisation = np.where(expansion > 0.6, np.maximum(utilisation, 0.95), utilisation)
    active = np.minimum(seats, np.round(seats * utilisation)).astype(np.int64)
    # Contracts: a yearly term ending within the next year; earlier terms renewed.
    # Renewing companies' current term runs past the as-of date; companies that
    # will not renew let half of their terms lapse already (churned).
    renewing = health > 0.35
    end = as_of_day + np.where(
        renewing, rng.integers(1, 365, n_comp), rng.integers(-180, 180, n_comp)
    )
    start = end - 365
    churned = ~renewing & (end < as_of_day)
    terms = 1 + (np.minimum(start, as_of_day) - created) // 365
    terms = np.clip(terms, 1, 3)
    s_company = np.repeat(np.arange(n_comp), terms)
    term_no = _sequence_within(s_company) - 1
    back = terms[s_company] - 1 - term_no
    s_start = start[s_company] - 365 * back
    s_end = end[s_company] - 365 * back
    s_seats = np.maximum(
        5, np.round(seats[s_company] * (1 - 0.15 * back * expansion[s_company]))
    ).astype(np.int64)
    past_use = np.clip(
        utilisation[s_company] + rng.normal(0, 0.05, len(s_company)), 0, 1
    )
    s_active = np.where(
        back == 0, active[s_company], np.round(s_seats * past_use)
    ).astype(np.int64)
    s_plan = plan[s_company]
    arr = s_seats * np.array(PRICE_PER_SEAT_YUAN)[s_plan] * 100
    s = len(s_company)
    rng = stream(seed, "b2b", "subscriptions written")
    subscriptions = ext.text_table(
        {
            "subscription_id": ext.null_key(prefixed("SUB", 1 + np.arange(s), 8), rng),
            "company_id": company_id.take(pa.array(s_company)),
            "plan": ext.written_codes(rng, s_plan, PLAN_SPELLINGS),
            "seats_purchased": ext.integer_text(s_seats, rng),
            "seats_active": ext.integer_text(s_active, rng, invalid_rate=0.003),
            "annual_value": ext.money_text(arr, rng),
            "start_date": ext.date_text(
                s_start, rng, malformed_rate=MALFORMED_DATE_RATE
            ),
            "end_date": ext.date_text(s_end, rng, malformed_rate=MALFORMED_DATE_RATE),
        }
    )
    yield OutputTable(
        "raw",
        "b2b_subscriptions",
        ext.with_duplicates(subscriptions, stream(seed, "b2b", "subscriptions dup")),
    )

    person_company = np.full(p.n, -1, dtype=np.int64)
    person_company[contacts] = company_of
    person_role = np.full(p.n, -1, dtype=np.int64)
    person_role[contacts] = role
    idx = np.arange(p.n)
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "company_id": build(
                    p.n,
                    Lit("C"),
                    Num(100001 + np.maximum(person_company, 0), 6),
                    null=person_company < 0,
                ),
                "role": build(
                    p.n, Pick(np.maximum(person_role, 0), ROLES), null=person_role < 0
                ),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )
    yield OutputTable(
        "truth",
        "company_latent",
        pa.table(
            {
                "company_id": company_id,
                "account_health": pa.array(np.round(health, 4)),
                "expansion_propensity": pa.array(np.round(expansion, 4)),
                "renewal_risk": pa.array(~renewing),
                "has_churned": pa.array(churned),
                "true_seat_utilisation": pa.array(np.round(active / seats, 4)),
                "employee_count": pa.array(employees),
                "sector": pool_array(SECTORS, sector),
            }
        ),
    )


PROFILE = IndustryProfile(
    name="b2b",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=(
        "app_open",
        "search",
        "view_product",
        "workspace_login",
        "purchase",
    ),
    app_browse_weights=(0.25, 0.15, 0.15, 0.45),
    quantity_weights=(70, 20, 10),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All b2b tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
