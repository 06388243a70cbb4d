"""Healthcare demo data (hospital / clinic / health-check group): core plus care facts.

Dressing of the core tables: products are health checks, outpatient services, lab
tests, medicines, supplements and health-management plans; a "store" is a hospital, a
clinic or a health-check centre (pos_transactions = cashier payments); e-commerce
orders are the online pharmacy and check-up packages; the app adds
book_appointment events.

Extension tables (reference crm member_id, or ecom account_id without a member id):
- healthcare_visits: visits by department and type (outpatient, check-up, inpatient,
  online consultation);
- healthcare_conditions: chronic conditions as ICD-10 category codes only (no
  diagnosis text), with the diagnosis date;
- healthcare_lab_results: lab and vital-sign results with the lab's abnormal flag;
- healthcare_follow_ups: scheduled follow-ups of chronic patients, completed or missed.

Latent truth (`person_latent.csv`): chronic conditions (count and codes), health risk,
follow-up compliance propensity; they drive visits, abnormal results and follow-ups.
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
from huaxiang.generator.retail import DAY, MALFORMED_DATE_RATE, WINDOW_END
from huaxiang.generator.seeding import categorical, stream

CATEGORIES = ("体检", "门诊服务", "检验", "药品", "保健品", "健康管理")
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "体检": (("入职体检", 199, 499), ("全面体检", 800, 3000), ("老年体检", 500, 2000),
             ("女性体检", 600, 2500), ("心脑血管筛查", 1000, 4000)),
    "门诊服务": (("普通门诊", 20, 80), ("专家门诊", 100, 500), ("互联网问诊", 20, 150),
                 ("中医理疗", 100, 400), ("口腔治疗", 200, 3000)),
    "检验": (("血常规", 20, 60), ("血糖检测", 10, 50), ("血脂四项", 40, 150),
             ("肝功能", 50, 200), ("糖化血红蛋白", 60, 150)),
    "药品": (("降压药", 20, 150), ("降糖药", 30, 300), ("降脂药", 30, 200),
             ("感冒药", 10, 60), ("慢病用药套餐", 100, 600)),
    "保健品": (("维生素", 39, 199), ("钙片", 49, 199), ("鱼油", 59, 299),
               ("益生菌", 69, 299), ("蛋白粉", 99, 399)),
    "健康管理": (("慢病管理年卡", 999, 3999), ("家庭医生", 500, 2000),
                 ("体重管理", 299, 1999), ("睡眠管理", 199, 999),
                 ("康复训练", 500, 3000)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "体检": ("华享健康", "华享体检", "康宁体检", "安和体检", "仁心体检"),
    "门诊服务": ("华享医院", "华享诊所", "华享互联网医院", "华享中医馆", "华享口腔"),
    "检验": ("华享检验", "康宁检验", "安和检验", "仁心检验", "博检医学"),
    "药品": ("华享药房", "同安堂", "仁济药业", "康泰制药", "百草堂"),
    "保健品": ("华享优选", "康倍健", "营养家", "活力源", "安康宝"),
    "健康管理": ("华享健康", "华享家医", "轻享", "安眠", "华享康复"),
}
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(40, 30, 40, 120, 80, 20),
    variants=(
        "基础版",
        "标准版",
        "尊享版",
        "单次",
        "季卡",
        "年卡",
        "30片",
        "60片",
        "家庭装",
        "男士",
        "女士",
        "老年",
        "儿童",
        "套餐",
    ),  # fmt: skip
    store_types=("hospital", "clinic", "checkup_center"),
    store_type_weights=(0.25, 0.50, 0.25),
    store_type_visit_weights=(1.5, 1.0, 0.8),
    store_areas={
        "hospital": ("总院", "东院", "西院", "国际医院"),
        "clinic": ("人民路", "中山路", "高新区", "滨江", "万达广场"),
        "checkup_center": ("体检中心", "健康管理中心"),
    },
    store_prefix="华享医疗",
    store_suffix="院区",
)

# name, share, p_crm, p_ecom, p_app, p_existing, churn, pos/yr, ecom/yr, pos lines,
# ecom lines, promo, app engagement, female, age, tiers, category weights.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("chronic_patient", 0.18, 0.95, 0.50, 0.50, 0.90, 0.03, 6.0, 3.0,
              1.8, 1.6, 0.8, 1.0, 0.48, 62, (0.40, 0.35, 0.20, 0.05),
              (8, 30, 20, 35, 2, 5)),
    Archetype("health_conscious", 0.18, 0.85, 0.80, 0.80, 0.70, 0.05, 2.0, 4.0,
              1.5, 1.8, 1.1, 1.6, 0.60, 38, (0.40, 0.35, 0.20, 0.05),
              (25, 15, 10, 5, 30, 15)),
    Archetype("occasional_patient", 0.25, 0.80, 0.40, 0.40, 0.75, 0.10, 1.5, 0.8,
              1.4, 1.3, 1.0, 0.6, 0.50, 40, (0.70, 0.22, 0.07, 0.01),
              (10, 45, 20, 20, 3, 2)),
    Archetype("family_caregiver", 0.14, 0.90, 0.70, 0.70, 0.80, 0.05, 3.0, 3.0,
              1.6, 1.6, 1.0, 1.2, 0.70, 36, (0.50, 0.35, 0.13, 0.02),
              (15, 35, 15, 20, 10, 5)),
    Archetype("corporate_checkup", 0.10, 0.70, 0.30, 0.30, 0.60, 0.15, 1.0, 0.3,
              1.2, 1.2, 1.0, 0.4, 0.45, 33, (0.80, 0.17, 0.03, 0.0),
              (70, 10, 10, 5, 3, 2)),
    Archetype("new_customer", 0.08, 0.80, 0.70, 0.70, 0.0, 0.0, 2.0, 2.0,
              1.4, 1.4, 1.2, 1.2, 0.55, 35, (0.90, 0.10, 0.0, 0.0),
              (20, 30, 15, 15, 15, 5)),
    Archetype("lapsed", 0.07, 0.85, 0.40, 0.35, 0.85, 1.0, 1.5, 1.0,
              1.3, 1.3, 1.0, 0.5, 0.50, 45, (0.60, 0.30, 0.10, 0.0),
              (15, 35, 15, 25, 5, 5)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 2.0, 1.0,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

# --- latent attributes ----------------------------------------------------------------
# Chronic conditions as ICD-10 category codes with prevalence (scaled per archetype and
# age) and the lab test that shows them.
CONDITIONS = ("I10", "E11", "E78", "J44", "N18")  # hypertension, diabetes, lipids,
# COPD, chronic kidney disease
CONDITION_PREVALENCE = np.array([0.20, 0.10, 0.15, 0.04, 0.03])
CONDITION_SPELLINGS = (
    ("I10", "i10", "I10.x00"),
    ("E11", "e11", "E11.9"),
    ("E78", "e78", "E78.5"),
    ("J44", "j44", "J44.9"),
    ("N18", "n18", "N18.9"),
)
CHRONIC_FACTOR = {
    "chronic_patient": 4.0, "health_conscious": 0.5, "occasional_patient": 1.0,
    "family_caregiver": 0.8, "corporate_checkup": 0.3, "new_customer": 1.0,
    "lapsed": 1.0,
}  # fmt: skip
COMPLIANCE_MEAN = {
    "chronic_patient": 0.70, "health_conscious": 0.85, "occasional_patient": 0.45,
    "family_caregiver": 0.75, "corporate_checkup": 0.35, "new_customer": 0.55,
    "lapsed": 0.20,
}  # fmt: skip
VISITS_PER_YEAR = {
    "chronic_patient": 8.0, "health_conscious": 3.0, "occasional_patient": 2.0,
    "family_caregiver": 4.0, "corporate_checkup": 1.0, "new_customer": 3.0,
    "lapsed": 2.0,
}  # fmt: skip
DEPARTMENTS = ("internal_medicine", "cardiology", "endocrinology", "respiratory",
               "nephrology", "pediatrics", "gynecology", "orthopedics",
               "dermatology", "ophthalmology", "dentistry", "checkup")  # fmt: skip
DEPARTMENT_SPELLINGS = (
    ("internal_medicine", "内科", "普通内科"),
    ("cardiology", "心内科", "心血管内科"),
    ("endocrinology", "内分泌科", "内分泌"),
    ("respiratory", "呼吸科", "呼吸内科"),
    ("nephrology", "肾内科", "肾病科"),
    ("pediatrics", "儿科", "小儿科"),
    ("gynecology", "妇科", "妇产科"),
    ("orthopedics", "骨科", "ORTHO"),
    ("dermatology", "皮肤科", "DERM"),
    ("ophthalmology", "眼科", "OPH"),
    ("dentistry", "口腔科", "牙科"),
    ("checkup", "体检科", "健康体检"),
)
# Department a condition sends its patients to.
CONDITION_DEPARTMENT = (1, 2, 1, 3, 4)
GENERAL_DEPARTMENT_WEIGHTS = (30, 5, 3, 8, 1, 8, 8, 8, 8, 6, 10, 0)
VISIT_TYPES = ("outpatient", "checkup", "inpatient", "online")
VISIT_TYPE_SPELLINGS = (
    ("outpatient", "门诊", "OP"),
    ("checkup", "体检", "PE"),
    ("inpatient", "住院", "IP"),
    ("online", "线上问诊", "互联网"),
)
# Lab tests: code, unit, normal mean, sd, abnormal threshold (high), condition that
# raises it (index into CONDITIONS) and by how much.
LAB_TESTS = (
    ("systolic_bp", "mmHg", 118.0, 10.0, 140.0, 0, 28.0),
    ("glucose_fasting", "mmol/L", 5.0, 0.5, 6.1, 1, 2.5),
    ("hba1c", "%", 5.4, 0.3, 6.5, 1, 1.8),
    ("ldl_cholesterol", "mmol/L", 2.8, 0.5, 3.4, 2, 1.0),
    ("fev1_ratio", "%", 78.0, 5.0, 999.0, 3, 0.0),
    ("creatinine", "umol/L", 75.0, 12.0, 110.0, 4, 45.0),
)
LAB_TEST_SPELLINGS = (
    ("systolic_bp", "收缩压", "SBP"),
    ("glucose_fasting", "空腹血糖", "GLU"),
    ("hba1c", "糖化血红蛋白", "HbA1c"),
    ("ldl_cholesterol", "低密度脂蛋白", "LDL-C"),
    ("fev1_ratio", "FEV1/FVC", "一秒率"),
    ("creatinine", "肌酐", "CREA"),
)
FLAG_SPELLINGS = (("N", "正常", "n"), ("H", "偏高", "↑"), ("L", "偏低", "↓"))
FOLLOW_UP_CHANNELS = ("phone", "app", "visit")
FOLLOW_UP_CHANNEL_SPELLINGS = (
    ("phone", "电话", "TEL"),
    ("app", "APP", "线上"),
    ("visit", "到院", "复诊"),
)
FOLLOW_UP_INTERVAL_DAYS = 90
FIRST_DIAGNOSIS_DAY = int(np.datetime64("2010-01-01", "D").astype(np.int64))
VISIT_TIME_STYLES = (0.55, 0.25, 0.20, 0.0)


def _by_archetype(p_arche: np.ndarray, table: dict[str, float]) -> np.ndarray:
    values = np.zeros(len(ARCHETYPES) + 1)
    for name, v in table.items():
        values[_CODE[name]] = v
    return values[p_arche]


def latent_attributes(core: ext.CoreFacts, seed: int) -> dict[str, np.ndarray]:
    p = core.persons
    rng = stream(seed, "healthcare", "latent")
    age = (WINDOW_END // DAY - p.birth_day) / 365.25
    age_factor = np.clip((age - 20) / 40, 0.05, 2.0)
    factor = _by_archetype(p.archetype, CHRONIC_FACTOR) * age_factor
    chance = np.clip(CONDITION_PREVALENCE[None, :] * factor[:, None], 0, 0.9)
    has = rng.random((p.n, len(CONDITIONS))) < chance
    m = np.clip(_by_archetype(p.archetype, COMPLIANCE_MEAN), 0.01, 0.99)
    compliance = rng.beta(3, 3 * (1 - m) / m)
    risk = np.clip(
        0.15 * has.sum(axis=1) + 0.004 * age + rng.normal(0, 0.05, p.n), 0, 1
    )
    test = p.archetype == p.profile.test_code
    has[test] = False
    compliance[test] = 0
    risk[test] = 0
    return {"conditions": has, "compliance": compliance, "risk": risk}


def _time_between(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    hi = np.maximum(hi, lo + DAY)
    day = lo // DAY + (rng.random(len(lo)) * ((hi - lo) // DAY)).astype(np.int64)
    return day * DAY + rng.integers(8 * 3600, 18 * 3600, len(lo))


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Visits, conditions, lab results, follow-ups, then the latent truth."""
    p = core.persons
    latent = latent_attributes(core, seed)
    has = latent["conditions"]
    patient = np.flatnonzero(core.reachable())
    as_of_day = WINDOW_END // DAY

    # --- visits -------------------------------------------------------------------
    rng = stream(seed, "healthcare", "visits")
    years = (p.end - p.start)[patient] / (365.25 * DAY)
    rate = _by_archetype(p.archetype[patient], VISITS_PER_YEAR) * (
        1 + 0.5 * has[patient].sum(axis=1)
    )
    count = 1 + rng.poisson(rate * years)
    person = np.repeat(patient, count)
    n = len(person)
    t = _time_between(rng, p.start[person], p.end[person])
    # Chronic patients go to their condition's department half the time.
    general = categorical(rng, np.array(GENERAL_DEPARTMENT_WEIGHTS, float), n)
    n_cond = has[person].sum(axis=1)
    pick = np.floor(rng.random(n) * np.maximum(n_cond, 1)).astype(np.int64)
    cond_rank = np.cumsum(has[person], axis=1) - 1
    cond_of = np.argmax((cond_rank == pick[:, None]) & has[person], axis=1)
    to_specialist = (n_cond > 0) & (rng.random(n) < 0.5)
    department = np.where(
        to_specialist, np.array(CONDITION_DEPARTMENT)[cond_of], general
    )
    visit_type = categorical(rng, np.array([0.70, 0.12, 0.05, 0.13]), n)
    department[visit_type == 1] = len(DEPARTMENTS) - 1  # check-ups
    store = rng.integers(0, len(core.catalog.store_id), n)
    order = np.argsort(t, kind="stable")
    person, t, department, visit_type, store = (
        person[order], t[order], department[order], visit_type[order], store[order]
    )  # fmt: skip
    rng = stream(seed, "healthcare", "visits written")
    member, account = core.customer_refs(person, rng)
    visits = ext.text_table(
        {
            "visit_id": ext.null_key(prefixed("V", 1 + np.arange(n), 10), rng),
            "member_id": member,
            "account_id": account,
            "store_id": core.catalog.store_id.take(pa.array(store)),
            "department": ext.written_codes(rng, department, DEPARTMENT_SPELLINGS),
            "visit_type": ext.written_codes(rng, visit_type, VISIT_TYPE_SPELLINGS),
            "visited_at": mess.timestamp_text(
                t,
                rng,
                style_weights=VISIT_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
        }
    )
    yield OutputTable(
        "raw",
        "healthcare_visits",
        ext.with_duplicates(visits, stream(seed, "healthcare", "visits dup")),
    )
    del visits

    # --- conditions ---------------------------------------------------------------
    rng = stream(seed, "healthcare", "conditions")
    c_person, c_code = np.nonzero(has[patient])
    c_person = patient[c_person]
    k = len(c_person)
    diag_hi = np.minimum(p.end[c_person] // DAY, as_of_day - 1)
    diagnosed = FIRST_DIAGNOSIS_DAY + (
        rng.random(k) * (diag_hi - FIRST_DIAGNOSIS_DAY)
    ).astype(np.int64)
    rng = stream(seed, "healthcare", "conditions written")
    member, account = core.customer_refs(c_person, rng)
    conditions = ext.text_table(
        {
            "condition_id": ext.null_key(prefixed("DX", 1 + np.arange(k), 9), rng),
            "member_id": member,
            "account_id": account,
            "condition_code": ext.written_codes(
                rng, c_code, CONDITION_SPELLINGS, unmapped="Z99"
            ),
            "diagnosed_date": ext.date_text(
                diagnosed, rng, malformed_rate=MALFORMED_DATE_RATE, future_rate=0.001
            ),
        }
    )
    yield OutputTable(
        "raw",
        "healthcare_conditions",
        ext.with_duplicates(conditions, stream(seed, "healthcare", "conditions dup")),
    )
    del conditions

    # --- lab results --------------------------------------------------------------
    rng = stream(seed, "healthcare", "labs")
    per_year = 1.0 + 2.0 * has[patient].any(axis=1)
    count = rng.poisson(per_year * years)
    l_person = np.repeat(patient, count)
    m = len(l_person)
    l_t = _time_between(rng, p.start[l_person], p.end[l_person])
    test_code = rng.integers(0, len(LAB_TESTS), m)
    mean = np.array([x[2] for x in LAB_TESTS])[test_code]
    sd = np.array([x[3] for x in LAB_TESTS])[test_code]
    high = np.array([x[4] for x in LAB_TESTS])[test_code]
    cond = np.array([x[5] for x in LAB_TESTS])[test_code]
    shift = np.array([x[6] for x in LAB_TESTS])[test_code]
    affected = has[l_person, cond]
    value = rng.normal(mean + affected * shift, sd * (1 + 0.5 * affected))
    low = mean - 2.5 * sd
    # FEV1/FVC is abnormal when low (COPD lowers it).
    is_fev = test_code == 4
    value[is_fev & affected] = rng.normal(62.0, 6.0, int((is_fev & affected).sum()))
    low[is_fev] = 70.0
    value = np.maximum(value, 0.1)
    flag = np.where(value > high, 1, np.where(value < low, 2, 0))
    hundredths = np.round(value * 100).astype(np.int64)
    rng = stream(seed, "healthcare", "labs written")
    member, account = core.customer_refs(l_person, rng)
    labs = ext.text_table(
        {
            "result_id": ext.null_key(prefixed("LR", 1 + np.arange(m), 10), rng),
            "member_id": member,
            "account_id": account,
            "test_code": ext.written_codes(rng, test_code, LAB_TEST_SPELLINGS),
            "result_value": build(
                m, Num(hundredths // 100), Lit("."), Num(hundredths % 100, 2)
            ),
            "unit": pool_array([x[1] for x in LAB_TESTS], test_code),
            "abnormal_flag": ext.written_codes(rng, flag, FLAG_SPELLINGS),
            "tested_at": mess.timestamp_text(
                l_t,
                rng,
                style_weights=VISIT_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
        }
    )
    yield OutputTable(
        "raw",
        "healthcare_lab_results",
        ext.with_duplicates(labs, stream(seed, "healthcare", "labs dup")),
    )
    del labs

    # --- follow-ups ---------------------------------------------------------------
    rng = stream(seed, "healthcare", "follow-ups")
    # Every 90 days over the last year for each chronic condition of an active patient.
    f_person0, f_cond0 = c_person, c_code
    n_slots = 4
    f_person = np.repeat(f_person0, n_slots)
    f_cond = np.repeat(f_cond0, n_slots)
    slot = np.tile(np.arange(n_slots), k)
    scheduled = (
        as_of_day
        - 365
        + FOLLOW_UP_INTERVAL_DAYS * slot
        + rng.integers(0, 20, len(slot))
    )
    alive = scheduled <= np.minimum(p.end[f_person] // DAY, as_of_day)
    f_person, f_cond, scheduled = f_person[alive], f_cond[alive], scheduled[alive]
    f = len(f_person)
    completed = rng.random(f) < latent["compliance"][f_person]
    done_day = scheduled + rng.integers(0, 10, f)
    completed &= done_day <= as_of_day
    channel = categorical(rng, np.array([0.5, 0.2, 0.3]), f)
    rng = stream(seed, "healthcare", "follow-ups written")
    member, account = core.customer_refs(f_person, rng)
    follow_ups = ext.text_table(
        {
            "follow_up_id": ext.null_key(prefixed("FU", 1 + np.arange(f), 9), rng),
            "member_id": member,
            "account_id": account,
            "condition_code": ext.written_codes(
                rng, f_cond, CONDITION_SPELLINGS, unmapped="Z99"
            ),
            "channel": ext.written_codes(rng, channel, FOLLOW_UP_CHANNEL_SPELLINGS),
            "scheduled_date": ext.date_text(
                scheduled, rng, malformed_rate=MALFORMED_DATE_RATE
            ),
            "completed_date": ext.date_text(
                done_day, rng, malformed_rate=0.0, null=~completed
            ),
        }
    )
    yield OutputTable(
        "raw",
        "healthcare_follow_ups",
        ext.with_duplicates(follow_ups, stream(seed, "healthcare", "follow-ups dup")),
    )
    del follow_ups

    idx = np.arange(p.n)
    codes = [
        ";".join(c for c, h in zip(CONDITIONS, row, strict=True) if h) for row in has
    ]
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "chronic_condition_count": pa.array(has.sum(axis=1).astype(np.int64)),
                "chronic_condition_codes": pa.array(codes),
                "health_risk": pa.array(np.round(latent["risk"], 4)),
                "follow_up_compliance": pa.array(np.round(latent["compliance"], 4)),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )


PROFILE = IndustryProfile(
    name="healthcare",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=(
        "app_open",
        "search",
        "view_product",
        "book_appointment",
        "purchase",
    ),
    app_browse_weights=(0.30, 0.20, 0.30, 0.20),
    quantity_weights=(80, 15, 5),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All healthcare tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
