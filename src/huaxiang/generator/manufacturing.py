"""Manufacturing demo data (durable home appliances, after-sales): core plus devices.

Dressing of the core tables: products are device models by product line (air
conditioners, fridges, washers, kitchen appliances, water purifiers), accessories and
service plans; a "store" is a brand shop, a dealer or a service centre; the app
controls connected devices (event device_control).

Extension tables (reference crm member_id, or ecom account_id when the owner has no
member id):
- manufacturing_devices: registered devices (serial, model, purchase date and
  channel, usage scenario home/commercial, warranty end);
- manufacturing_device_telemetry: daily readings of connected devices over the last
  60 days (error count, runtime hours);
- manufacturing_service_tickets: repairs, installations, maintenance, complaints,
  opened/closed, NPS survey score 0-10.

Latent truth (`person_latent.csv`): device fault propensity, satisfaction,
repurchase propensity, usage scenario; they drive errors, tickets, NPS and the number
and recency of devices.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from huaxiang.generator import extension as ext
from huaxiang.generator import mess
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.formatting import Lit, Num, build, pool_array, prefixed
from huaxiang.generator.profile import Archetype, CatalogSpec, IndustryProfile
from huaxiang.generator.retail import (
    DAY,
    MALFORMED_DATE_RATE,
    WINDOW_END,
    _sequence_within,
)
from huaxiang.generator.seeding import categorical, stream

CATEGORIES = ("空调", "冰箱", "洗衣机", "厨电", "净水器", "配件", "服务")
DEVICE_CATEGORIES = 5  # the first five categories are devices
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "空调": (("挂机", 2000, 5000), ("柜机", 4000, 12000), ("中央空调", 15000, 60000),
             ("移动空调", 1500, 3000), ("商用空调", 8000, 40000)),
    "冰箱": (("双门冰箱", 1500, 3500), ("三门冰箱", 2500, 5000),
             ("对开门冰箱", 4000, 10000), ("十字门冰箱", 5000, 15000),
             ("商用冷柜", 3000, 12000)),
    "洗衣机": (("波轮洗衣机", 900, 2500), ("滚筒洗衣机", 2000, 6000),
               ("洗烘一体机", 3500, 9000), ("干衣机", 3000, 8000),
               ("商用洗衣机", 5000, 15000)),
    "厨电": (("燃气热水器", 1500, 5000), ("电热水器", 1000, 3500),
             ("油烟机", 2000, 8000), ("燃气灶", 800, 3000), ("洗碗机", 3000, 9000)),
    "净水器": (("反渗透净水器", 1500, 6000), ("前置过滤器", 500, 2000),
               ("管线机", 500, 1500), ("软水机", 2000, 8000),
               ("商用净水机", 5000, 20000)),
    "配件": (("滤芯", 99, 599), ("遥控器", 39, 129), ("安装支架", 59, 299),
             ("清洁剂", 29, 99), ("智能网关", 99, 399)),
    "服务": (("延保1年", 99, 499), ("延保3年", 299, 1299), ("深度清洗", 99, 399),
             ("安装服务", 99, 599), ("年度保养", 199, 999)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "空调": ("华享", "华享·智享", "华享·静悦", "华享·商用", "华享·青春"),
    "冰箱": ("华享", "华享·鲜储", "华享·智享", "华享·商用", "华享·青春"),
    "洗衣机": ("华享", "华享·净护", "华享·智享", "华享·商用", "华享·青春"),
    "厨电": ("华享", "华享·厨匠", "华享·智享", "华享·暖家", "华享·青春"),
    "净水器": ("华享", "华享·清源", "华享·智享", "华享·商用", "华享·青春"),
    "配件": ("华享原厂", "华享配件", "华享智联", "华享洁护", "华享优选"),
    "服务": ("华享服务", "华享无忧", "华享管家", "华享安心", "华享家护"),
}
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(60, 50, 50, 60, 40, 80, 20),
    variants=(
        "KFR-26",
        "KFR-35",
        "KFR-50",
        "BCD-258",
        "BCD-470",
        "XQG100",
        "XQB80",
        "JSQ25",
        "CXW-200",
        "MRO-600",
        "2025款",
        "2026款",
        "Pro",
        "Max",
    ),  # fmt: skip
    store_types=("flagship", "dealer", "service_center"),
    store_type_weights=(0.20, 0.60, 0.20),
    store_type_visit_weights=(1.4, 1.0, 0.6),
    store_areas={
        "flagship": ("万达广场", "万象城", "国美", "苏宁广场"),
        "dealer": ("家电城", "建材市场", "红星美凯龙", "居然之家", "人民路"),
        "service_center": ("售后服务中心", "服务网点"),
    },
    store_prefix="华享电器",
    store_suffix="店",
)

# name, share, p_crm, p_ecom, p_app, p_existing, churn, pos/yr, ecom/yr, pos lines,
# ecom lines, promo, app engagement, female, age, tiers, category weights.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("home_family", 0.30, 0.85, 0.60, 0.70, 0.80, 0.05, 0.8, 0.8,
              1.3, 1.3, 1.0, 1.0, 0.55, 40, (0.50, 0.35, 0.13, 0.02),
              (25, 20, 20, 15, 10, 7, 3)),
    Archetype("smart_home_fan", 0.12, 0.80, 0.95, 0.95, 0.60, 0.04, 0.5, 2.0,
              1.5, 1.6, 0.9, 2.0, 0.40, 32, (0.30, 0.40, 0.25, 0.05),
              (15, 15, 10, 10, 15, 25, 10)),
    Archetype("commercial_buyer", 0.10, 0.90, 0.40, 0.40, 0.85, 0.05, 1.5, 0.6,
              2.0, 1.6, 0.6, 0.6, 0.30, 45, (0.20, 0.30, 0.35, 0.15),
              (30, 20, 20, 10, 15, 3, 2)),
    Archetype("bargain_upgrader", 0.15, 0.70, 0.80, 0.60, 0.70, 0.08, 0.6, 1.0,
              1.2, 1.2, 2.2, 1.0, 0.55, 35, (0.70, 0.25, 0.05, 0.0),
              (20, 20, 20, 15, 10, 10, 5)),
    Archetype("service_heavy", 0.13, 0.90, 0.40, 0.40, 0.90, 0.06, 0.6, 0.4,
              1.3, 1.2, 1.0, 0.6, 0.50, 55, (0.50, 0.30, 0.15, 0.05),
              (15, 15, 15, 15, 10, 10, 20)),
    Archetype("new_customer", 0.10, 0.75, 0.70, 0.70, 0.0, 0.0, 1.5, 1.5,
              1.3, 1.3, 1.2, 1.2, 0.50, 30, (0.90, 0.10, 0.0, 0.0),
              (25, 20, 20, 15, 10, 7, 3)),
    Archetype("lapsed", 0.10, 0.80, 0.50, 0.40, 0.85, 1.0, 0.6, 0.6,
              1.2, 1.2, 1.0, 0.6, 0.50, 45, (0.60, 0.30, 0.10, 0.0),
              (25, 20, 20, 15, 10, 7, 3)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 2.0, 1.0,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

# --- latent attributes per archetype --------------------------------------------------
# Mean devices registered beyond the first, commercial share, fault propensity mean,
# satisfaction mean (0-1), repurchase propensity mean (0-1).
EXTRA_DEVICES = {
    "home_family": 1.2, "smart_home_fan": 2.0, "commercial_buyer": 3.5,
    "bargain_upgrader": 1.0, "service_heavy": 1.0, "new_customer": 0.3,
    "lapsed": 0.6,
}  # fmt: skip
COMMERCIAL_SHARE = {
    "home_family": 0.02, "smart_home_fan": 0.05, "commercial_buyer": 0.85,
    "bargain_upgrader": 0.05, "service_heavy": 0.10, "new_customer": 0.05,
    "lapsed": 0.05,
}  # fmt: skip
FAULT_MEAN = {
    "home_family": 0.08, "smart_home_fan": 0.06, "commercial_buyer": 0.15,
    "bargain_upgrader": 0.10, "service_heavy": 0.35, "new_customer": 0.05,
    "lapsed": 0.12,
}  # fmt: skip
SATISFACTION_MEAN = {
    "home_family": 0.75, "smart_home_fan": 0.80, "commercial_buyer": 0.65,
    "bargain_upgrader": 0.70, "service_heavy": 0.45, "new_customer": 0.75,
    "lapsed": 0.40,
}  # fmt: skip
REPURCHASE_MEAN = {
    "home_family": 0.30, "smart_home_fan": 0.60, "commercial_buyer": 0.50,
    "bargain_upgrader": 0.55, "service_heavy": 0.15, "new_customer": 0.25,
    "lapsed": 0.05,
}  # fmt: skip

PURCHASE_CHANNELS = ("store", "online", "dealer", "project")
CHANNEL_SPELLINGS = (
    ("store", "门店", "STORE"),
    ("online", "线上", "电商"),
    ("dealer", "经销商", "DEALER"),
    ("project", "工程", "工程渠道"),
)
SCENARIO_SPELLINGS = (("home", "家用", "HOME"), ("commercial", "商用", "COMMERCIAL"))
TICKET_TYPES = ("installation", "repair", "maintenance", "complaint", "consultation")
TICKET_TYPE_SPELLINGS = (
    ("installation", "安装", "INSTALL"),
    ("repair", "维修", "REPAIR"),
    ("maintenance", "保养", "清洗"),
    ("complaint", "投诉", "COMPLAINT"),
    ("consultation", "咨询", "CONSULT"),
)
CONNECTED_RATE = 0.55  # devices reporting telemetry (of app users' devices)
TELEMETRY_DAYS = 60
TELEMETRY_REPORT_RATE = 0.85  # days a connected device reports
WARRANTY_YEARS = (1, 3, 6)  # standard, extended, premium
WARRANTY_WEIGHTS = (0.6, 0.3, 0.1)
NPS_ANSWER_RATE = 0.55
FIRST_PURCHASE_DAY = int(np.datetime64("2015-01-01", "D").astype(np.int64))
TICKET_TIME_STYLES = (0.60, 0.25, 0.15, 0.0)


def _by_archetype(p_arche: np.ndarray, table: dict[str, float]) -> np.ndarray:
    values = np.zeros(len(ARCHETYPES) + 1)
    for name, v in table.items():
        values[_CODE[name]] = v
    return values[p_arche]


def _beta_around(rng: np.random.Generator, mean: np.ndarray, a: float) -> np.ndarray:
    m = np.clip(mean, 0.01, 0.99)
    return rng.beta(a, a * (1 - m) / m)


def latent_attributes(core: ext.CoreFacts, seed: int) -> dict[str, np.ndarray]:
    p = core.persons
    rng = stream(seed, "manufacturing", "latent")
    fault = _beta_around(rng, _by_archetype(p.archetype, FAULT_MEAN), 2.0)
    satisfaction = _beta_around(rng, _by_archetype(p.archetype, SATISFACTION_MEAN), 4)
    repurchase = _beta_around(rng, _by_archetype(p.archetype, REPURCHASE_MEAN), 2.0)
    commercial = rng.random(p.n) < _by_archetype(p.archetype, COMMERCIAL_SHARE)
    test = p.archetype == p.profile.test_code
    for arr in (fault, satisfaction, repurchase):
        arr[test] = 0.0
    commercial[test] = False
    return {
        "fault_propensity": fault,
        "satisfaction": satisfaction,
        "repurchase_propensity": repurchase,
        "is_commercial": commercial,
    }


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Devices, telemetry, service tickets, then the latent-attribute truth."""
    p = core.persons
    latent = latent_attributes(core, seed)
    as_of_day = WINDOW_END // DAY

    # --- devices ------------------------------------------------------------------
    rng = stream(seed, "manufacturing", "devices")
    owner = np.flatnonzero(core.reachable())
    extra = _by_archetype(p.archetype[owner], EXTRA_DEVICES)
    count = 1 + rng.poisson(extra * (0.5 + latent["repurchase_propensity"][owner]))
    person = np.repeat(owner, count)
    n = len(person)
    arche = p.archetype[person]
    category = np.empty(n, dtype=np.int64)
    for code, a in enumerate(ARCHETYPES):
        rows = np.flatnonzero(arche == code)
        w = np.array(a.category_weights[:DEVICE_CATEGORIES], dtype=float)
        category[rows] = categorical(rng, w, len(rows))
    commercial = latent["is_commercial"][person]
    product = np.empty(n, dtype=np.int64)
    cat = core.catalog
    for c in range(DEVICE_CATEGORIES):
        pool = ext.products_of_category(cat, c)
        rows = np.flatnonzero(category == c)
        product[rows] = pool[rng.integers(0, len(pool), len(rows))]
    # Purchase day: before or within the active window; repurchase-prone persons
    # bought more recently.
    start_day = p.start[person] // DAY
    end_day = p.end[person] // DAY
    lo = np.where(start_day <= p.start.min() // DAY, FIRST_PURCHASE_DAY, start_day - 30)
    recency = rng.random(n) ** (
        1.0 / (0.5 + 2 * latent["repurchase_propensity"][person])
    )
    purchase = lo + (recency * (end_day - lo)).astype(np.int64)
    has_account = core.accounts.first_of[person] >= 0
    channel = np.where(
        commercial & (rng.random(n) < 0.6),
        3,
        np.where(
            has_account & (rng.random(n) < 0.45),
            1,
            np.where(rng.random(n) < 0.45, 0, 2),
        ),
    )
    warranty_years = np.array(WARRANTY_YEARS)[mess.choose(rng, WARRANTY_WEIGHTS, n)]
    warranty_end = purchase + (warranty_years * 365.25).astype(np.int64)
    serial = prefixed("SN", 10_000_000 + np.arange(n) * 7 + rng.integers(0, 7, n), 10)
    rng = stream(seed, "manufacturing", "devices written")
    member, account = core.customer_refs(person, rng)
    devices = ext.text_table(
        {
            "serial_no": ext.null_key(serial, rng),
            "member_id": member,
            "account_id": account,
            "product_id": cat.product_id.take(pa.array(product)),
            "purchase_date": ext.date_text(
                purchase, rng, malformed_rate=MALFORMED_DATE_RATE, future_rate=0.001
            ),
            "purchase_channel": ext.written_codes(rng, channel, CHANNEL_SPELLINGS),
            "usage_scenario": ext.written_codes(
                rng, commercial.astype(np.int64), SCENARIO_SPELLINGS
            ),
            "warranty_end_date": ext.date_text(
                warranty_end, rng, malformed_rate=MALFORMED_DATE_RATE
            ),
        }
    )
    yield OutputTable(
        "raw",
        "manufacturing_devices",
        ext.with_duplicates(devices, stream(seed, "manufacturing", "devices dup")),
    )
    del devices

    # --- telemetry ----------------------------------------------------------------
    rng = stream(seed, "manufacturing", "telemetry")
    fault = latent["fault_propensity"][person]
    # Older devices fail more; devices of churned owners stopped reporting.
    age_years = (as_of_day - purchase).clip(0) / 365.25
    connected = (
        core.app_owner[person]
        & (rng.random(n) < CONNECTED_RATE / max(core.app_owner[owner].mean(), 0.1))
        & ~p.churned[person]
        & (purchase < as_of_day - TELEMETRY_DAYS)
    )
    dev = np.flatnonzero(connected)
    day_offset = np.tile(np.arange(TELEMETRY_DAYS), len(dev))
    t_dev = np.repeat(dev, TELEMETRY_DAYS)
    reported = rng.random(len(t_dev)) < TELEMETRY_REPORT_RATE
    t_dev, day_offset = t_dev[reported], day_offset[reported]
    t = len(t_dev)
    reading_day = as_of_day - TELEMETRY_DAYS + 1 + day_offset
    error_rate = fault[t_dev] * (1 + 0.15 * age_years[t_dev]) * 0.8
    errors = rng.poisson(error_rate)
    base_hours = np.where(commercial[t_dev], 14.0, 5.0)
    runtime = np.clip(rng.normal(base_hours, 2.0), 0, 24)
    runtime_tenths = np.round(runtime * 10).astype(np.int64)
    negative = rng.random(t) < 0.001  # sensor glitches
    runtime_tenths[negative] = -runtime_tenths[negative] - 1
    rng = stream(seed, "manufacturing", "telemetry written")
    telemetry = ext.text_table(
        {
            "serial_no": ext.null_key(serial.take(pa.array(t_dev)), rng),
            "reading_date": ext.date_text(
                reading_day, rng, malformed_rate=MALFORMED_DATE_RATE
            ),
            "error_count": ext.integer_text(errors, rng),
            "runtime_hours": build(
                t,
                Lit("-", runtime_tenths < 0),
                Num(np.abs(runtime_tenths) // 10),
                Lit("."),
                Num(np.abs(runtime_tenths) % 10, 1),
            ),
        }
    )
    yield OutputTable(
        "raw",
        "manufacturing_device_telemetry",
        ext.with_duplicates(telemetry, stream(seed, "manufacturing", "telemetry dup")),
    )
    del telemetry

    # --- service tickets ----------------------------------------------------------
    rng = stream(seed, "manufacturing", "tickets")
    years_owned = (np.minimum(end_day, as_of_day) - purchase).clip(30) / 365.25
    # Installation for most new devices; repairs with fault propensity.
    install = rng.random(n) < 0.6
    repairs = rng.poisson(fault * years_owned * 1.5)
    other = rng.poisson(0.15 * years_owned)
    k_dev = np.concatenate(
        [np.flatnonzero(install), np.repeat(np.arange(n), repairs + other)]
    )
    k = len(k_dev)
    # Ticket types: after the installs, each device's first `repairs` are repairs,
    # the rest maintenance / complaint / consultation.
    rest_dev = np.repeat(np.arange(n), repairs + other)
    seq = _sequence_within(rest_dev)
    rest_type = np.where(
        seq <= repairs[rest_dev],
        1,
        categorical(rng, np.array([0.6, 0.25, 0.15]), len(rest_dev)) + 2,
    )
    k_type = np.concatenate([np.zeros(int(install.sum()), dtype=np.int64), rest_type])
    owned_lo = purchase[k_dev]
    owned_hi = np.maximum(np.minimum(end_day[k_dev], as_of_day), owned_lo + 1)
    open_day = np.where(
        k_type == 0,
        owned_lo + rng.integers(0, 7, k),
        owned_lo + (rng.random(k) * (owned_hi - owned_lo)).astype(np.int64),
    )
    open_day = np.minimum(open_day, as_of_day)
    opened = open_day * DAY + rng.integers(8 * 3600, 20 * 3600, k)
    duration = (rng.exponential(2.5, k) * DAY).astype(np.int64) + 3600
    closed = opened + duration
    still_open = closed > WINDOW_END
    # NPS: satisfaction, lowered by repairs and complaints; answered by some.
    sat = latent["satisfaction"][person[k_dev]]
    penalty = np.select([k_type == 1, k_type == 3], [0.15, 0.35], 0.0)
    nps = np.clip(np.round(10 * (sat - penalty) + rng.normal(0, 1.2, k)), 0, 10)
    answered = ~still_open & (rng.random(k) < NPS_ANSWER_RATE)
    order = np.argsort(opened, kind="stable")
    k_dev, k_type, opened, closed = (
        k_dev[order],
        k_type[order],
        opened[order],
        closed[order],
    )
    still_open, nps, answered = still_open[order], nps[order], answered[order]
    rng = stream(seed, "manufacturing", "tickets written")
    member, account = core.customer_refs(person[k_dev], rng)
    style = mess.choose(rng, TICKET_TIME_STYLES, k)
    tickets = ext.text_table(
        {
            "ticket_id": ext.null_key(prefixed("T", 1 + np.arange(k), 10), rng),
            "serial_no": serial.take(pa.array(k_dev)),
            "member_id": member,
            "account_id": account,
            "ticket_type": ext.written_codes(rng, k_type, TICKET_TYPE_SPELLINGS),
            "opened_at": mess.timestamp_text(
                opened,
                rng,
                style_weights=TICKET_TIME_STYLES,
                style=style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
            "closed_at": mess.timestamp_text(
                closed,
                rng,
                style_weights=TICKET_TIME_STYLES,
                style=style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.0,
                null=still_open,
            ),
            "nps_score": ext.integer_text(
                nps.astype(np.int64), rng, invalid_rate=0.002, null=~answered
            ),
        }
    )
    yield OutputTable(
        "raw",
        "manufacturing_service_tickets",
        ext.with_duplicates(tickets, stream(seed, "manufacturing", "tickets dup")),
    )
    del tickets

    idx = np.arange(p.n)
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "fault_propensity": pa.array(np.round(latent["fault_propensity"], 4)),
                "satisfaction": pa.array(np.round(latent["satisfaction"], 4)),
                "repurchase_propensity": pa.array(
                    np.round(latent["repurchase_propensity"], 4)
                ),
                "true_usage_scenario": pool_array(
                    ("home", "commercial"), latent["is_commercial"].astype(np.int64)
                ),
                "devices_registered": pa.array(
                    np.bincount(person, minlength=p.n).astype(np.int64)
                ),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )


PROFILE = IndustryProfile(
    name="manufacturing",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=(
        "app_open",
        "device_control",
        "view_product",
        "add_to_cart",
        "purchase",
    ),
    app_browse_weights=(0.25, 0.40, 0.25, 0.10),
    quantity_weights=(90, 8, 2),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All manufacturing tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
