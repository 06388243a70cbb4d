"""Education demo data (online and offline learning): core plus study facts.

Dressing of the core tables: products are courses (K12辅导, 语言学习, 职业技能,
兴趣素养, 考试认证) and learning devices (学习硬件); a "store" is a learning centre or
campus; e-commerce orders are online course purchases; the app adds start_lesson
events.

Extension tables (reference crm member_id, or ecom account_id without a member id):
- education_enrollments: course enrolments with start, expiry, lessons total and done;
- education_study_sessions: study sessions of the last 60 days with minutes, so daily
  study time (e.g. "more than 30 minutes on each of 3 consecutive days") can be
  computed;
- education_interactions: questions, answers, comments, live-class speaking, group
  chat.

Latent truth (`person_latent.csv`): study-day rate, minutes per study day, preferred
time slot, sociability, completion diligence, renewal propensity.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from huaxiang.generator import extension as ext
from huaxiang.generator import mess
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.formatting import Text, build, pool_array, prefixed
from huaxiang.generator.profile import Archetype, CatalogSpec, IndustryProfile
from huaxiang.generator.retail import (
    DAY,
    MALFORMED_DATE_RATE,
    WINDOW_END,
    _sequence_within,
)
from huaxiang.generator.seeding import categorical, stream

CATEGORIES = ("K12辅导", "语言学习", "职业技能", "兴趣素养", "考试认证", "学习硬件")
COURSE_CATEGORIES = 5  # the last category is hardware, not a course
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "K12辅导": (("小学数学", 999, 4999), ("初中英语", 999, 4999),
                ("高中物理", 1999, 6999), ("语文阅读", 599, 2999),
                ("编程启蒙", 1999, 5999)),
    "语言学习": (("英语口语", 699, 3999), ("雅思", 2999, 9999), ("日语", 999, 4999),
                 ("韩语", 999, 3999), ("少儿英语", 1999, 7999)),
    "职业技能": (("数据分析", 1999, 7999), ("产品经理", 1999, 6999),
                 ("设计", 999, 5999), ("编程开发", 2999, 9999),
                 ("新媒体运营", 699, 2999)),
    "兴趣素养": (("书法", 299, 1999), ("绘画", 299, 2999), ("乐器", 599, 4999),
                 ("摄影", 299, 1999), ("瑜伽", 199, 1499)),
    "考试认证": (("考研", 2999, 12999), ("公务员", 1999, 9999), ("教师资格", 999, 3999),
                 ("CPA", 2999, 9999), ("PMP", 1999, 6999)),
    "学习硬件": (("学习机", 1999, 5999), ("词典笔", 299, 999), ("学习灯", 199, 799),
                 ("点读笔", 199, 699), ("电纸书", 699, 2999)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "K12辅导": ("华享学堂", "启明", "状元桥", "博学", "小树苗"),
    "语言学习": ("华享外语", "环球通", "言语堂", "樱花日语", "小小地球"),
    "职业技能": ("华享职场", "数智学院", "匠人课堂", "码上学", "新媒学社"),
    "兴趣素养": ("华享艺术", "墨香", "丹青", "乐享", "光影学院"),
    "考试认证": ("华享考试", "金榜", "上岸", "师说", "财会通"),
    "学习硬件": ("华享智能", "小度学", "点点通", "明眸", "墨阅"),
}
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(60, 50, 60, 40, 40, 20),
    variants=(
        "春季班",
        "暑期班",
        "秋季班",
        "寒假班",
        "直播课",
        "录播课",
        "1对1",
        "小班课",
        "入门",
        "进阶",
        "冲刺",
        "全年",
        "体验课",
        "Pro",
    ),  # fmt: skip
    store_types=("learning_center", "campus"),
    store_type_weights=(0.75, 0.25),
    store_type_visit_weights=(1.0, 1.4),
    store_areas={
        "learning_center": ("人民路", "万达广场", "学府路", "科技园", "中山路"),
        "campus": ("校区", "总部校区", "大学城"),
    },
    store_prefix="华享教育",
    store_suffix="学习中心",
)

# name, share, p_crm, p_ecom, p_app, p_existing, churn, pos/yr, ecom/yr, pos lines,
# ecom lines, promo, app engagement, female, age, tiers, category weights.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("diligent_learner", 0.15, 0.80, 0.90, 0.95, 0.70, 0.03, 0.8, 2.5,
              1.1, 1.2, 0.8, 2.5, 0.55, 26, (0.30, 0.40, 0.25, 0.05),
              (20, 25, 25, 10, 15, 5)),
    Archetype("k12_parent", 0.22, 0.90, 0.80, 0.90, 0.80, 0.05, 1.5, 1.5,
              1.2, 1.2, 1.1, 1.5, 0.70, 38, (0.40, 0.35, 0.20, 0.05),
              (60, 15, 0.5, 10, 0.5, 14)),
    Archetype("career_upskiller", 0.18, 0.60, 0.95, 0.90, 0.60, 0.08, 0.3, 1.5,
              1.0, 1.1, 1.0, 1.2, 0.50, 30, (0.60, 0.30, 0.09, 0.01),
              (0.5, 20, 50, 5, 25, 0.5)),
    Archetype("hobbyist", 0.12, 0.70, 0.80, 0.80, 0.70, 0.08, 0.8, 1.0,
              1.0, 1.1, 1.2, 0.8, 0.65, 40, (0.60, 0.30, 0.09, 0.01),
              (5, 15, 5, 70, 0.5, 5)),
    Archetype("exam_crammer", 0.10, 0.60, 0.95, 0.95, 0.50, 0.15, 0.5, 1.5,
              1.0, 1.1, 1.0, 2.0, 0.55, 24, (0.70, 0.25, 0.05, 0.0),
              (0.5, 10, 5, 0.5, 85, 0.5)),
    Archetype("new_customer", 0.11, 0.70, 0.85, 0.85, 0.0, 0.0, 0.8, 1.5,
              1.0, 1.1, 1.2, 1.3, 0.55, 30, (0.90, 0.10, 0.0, 0.0),
              (25, 20, 20, 15, 15, 5)),
    Archetype("dropout", 0.12, 0.70, 0.70, 0.70, 0.80, 1.0, 0.5, 1.0,
              1.0, 1.1, 1.0, 0.5, 0.50, 30, (0.70, 0.25, 0.05, 0.0),
              (25, 20, 20, 15, 15, 5)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.8, 0.0, 0.0, 0.0, 1.0, 1.0,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

# Probability of studying on a given day and mean minutes on a study day.
STUDY_DAY_RATE = {
    "diligent_learner": 0.80, "k12_parent": 0.55, "career_upskiller": 0.30,
    "hobbyist": 0.20, "exam_crammer": 0.65, "new_customer": 0.40, "dropout": 0.0,
}  # fmt: skip
MINUTES_MEAN = {
    "diligent_learner": 55, "k12_parent": 40, "career_upskiller": 35,
    "hobbyist": 25, "exam_crammer": 70, "new_customer": 30, "dropout": 20,
}  # fmt: skip
SOCIABILITY_MEAN = {
    "diligent_learner": 0.5, "k12_parent": 0.3, "career_upskiller": 0.3,
    "hobbyist": 0.6, "exam_crammer": 0.4, "new_customer": 0.3, "dropout": 0.1,
}  # fmt: skip
RENEWAL_MEAN = {
    "diligent_learner": 0.75, "k12_parent": 0.70, "career_upskiller": 0.40,
    "hobbyist": 0.45, "exam_crammer": 0.25, "new_customer": 0.50, "dropout": 0.05,
}  # fmt: skip
TIME_SLOTS = (("morning", 6, 5), ("afternoon", 12, 6), ("evening", 18, 4),
              ("night", 22, 3))  # fmt: skip
SLOT_WEIGHTS = (0.20, 0.20, 0.45, 0.15)
SLOT_LOYALTY = 0.75
STUDY_DAYS = 60
INTERACTION_SPELLINGS = (
    ("question", "提问", "Q"),
    ("answer", "回答", "A"),
    ("comment", "评论", "COMMENT"),
    ("live_speak", "连麦", "LIVE"),
    ("group_chat", "群聊", "GROUP"),
)
INTERACTION_WEIGHTS = (0.25, 0.15, 0.30, 0.10, 0.20)
COURSE_DAYS = (180, 365)
LESSONS = (24, 48, 96)
TIME_STYLES = (0.45, 0.10, 0.25, 0.20)


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
    rng = stream(seed, "education", "latent")
    day_rate = np.clip(
        _by_archetype(p.archetype, STUDY_DAY_RATE) * rng.uniform(0.6, 1.3, p.n), 0, 0.98
    )
    day_rate[p.churned] = 0.0
    minutes = _by_archetype(p.archetype, MINUTES_MEAN) * rng.lognormal(0, 0.35, p.n)
    slot = categorical(rng, np.array(SLOT_WEIGHTS), p.n)
    social = _beta_around(rng, _by_archetype(p.archetype, SOCIABILITY_MEAN), 3)
    renewal = _beta_around(rng, _by_archetype(p.archetype, RENEWAL_MEAN), 3)
    test = p.archetype == p.profile.test_code
    day_rate[test] = 0
    social[test] = 0
    renewal[test] = 0
    return {
        "day_rate": day_rate,
        "minutes": minutes,
        "slot": slot,
        "social": social,
        "renewal": renewal,
    }


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Enrolments, study sessions, interactions, then the latent truth."""
    p = core.persons
    latent = latent_attributes(core, seed)
    learners = np.flatnonzero(core.reachable())
    as_of_day = WINDOW_END // DAY
    cat = core.catalog

    # --- enrolments ---------------------------------------------------------------
    rng = stream(seed, "education", "enrollments")
    count = 1 + rng.poisson(0.6, len(learners))
    person = np.repeat(learners, count)
    n = len(person)
    arche = p.archetype[person]
    category = np.empty(n, dtype=np.int64)
    for code, a in enumerate(ARCHETYPES):
        rows = np.flatnonzero(arche == code)
        w = np.array(a.category_weights[:COURSE_CATEGORIES], dtype=float)
        category[rows] = categorical(rng, w, len(rows))
    course = np.empty(n, dtype=np.int64)
    for c in range(COURSE_CATEGORIES):
        pool = ext.products_of_category(cat, c)
        rows = np.flatnonzero(category == c)
        course[rows] = pool[rng.integers(0, len(pool), len(rows))]
    lo = p.start[person] // DAY - 30
    hi = np.maximum(p.end[person] // DAY - 7, lo + 1)
    enrolled = lo + (rng.random(n) * (hi - lo)).astype(np.int64)
    length = np.array(COURSE_DAYS)[rng.integers(0, 2, n)]
    expires = enrolled + length
    lessons = np.array(LESSONS)[rng.integers(0, 3, n)]
    elapsed = np.clip((np.minimum(as_of_day, p.end[person] // DAY) - enrolled) / length,
                      0, 1)  # fmt: skip
    diligence = np.clip(latent["day_rate"][person] + 0.3, 0, 1)
    done = np.round(lessons * elapsed * diligence * rng.uniform(0.7, 1.0, n))
    # Renewals: a second enrolment in the same course right after expiry.
    renew = (expires <= as_of_day) & (rng.random(n) < latent["renewal"][person])
    renew &= expires < p.end[person] // DAY
    r = np.flatnonzero(renew)
    person = np.concatenate([person, person[r]])
    course = np.concatenate([course, course[r]])
    enrolled = np.concatenate([enrolled, expires[r] - rng.integers(0, 14, len(r))])
    expires = np.concatenate([expires, expires[r] + length[r]])
    lessons = np.concatenate([lessons, lessons[r]])
    elapsed_r = np.clip((as_of_day - enrolled[n:]) / length[r], 0, 1)
    done = np.concatenate(
        [done, np.round(lessons[n:] * elapsed_r * diligence[r] * 0.9)]
    ).astype(np.int64)
    e = len(person)
    order = np.argsort(enrolled, kind="stable")
    person, course, enrolled, expires, lessons, done = (
        person[order], course[order], enrolled[order], expires[order],
        lessons[order], done[order],
    )  # fmt: skip
    rng = stream(seed, "education", "enrollments written")
    member, account = core.customer_refs(person, rng)
    enrollments = ext.text_table(
        {
            "enrollment_id": ext.null_key(prefixed("EN", 1 + np.arange(e), 9), rng),
            "member_id": member,
            "account_id": account,
            "product_id": cat.product_id.take(pa.array(course)),
            "enrolled_date": ext.date_text(
                enrolled, rng, malformed_rate=MALFORMED_DATE_RATE, future_rate=0.001
            ),
            "expires_date": ext.date_text(expires, rng, malformed_rate=0.001),
            "lessons_total": ext.integer_text(lessons, rng),
            "lessons_completed": ext.integer_text(done, rng, invalid_rate=0.002),
        }
    )
    yield OutputTable(
        "raw",
        "education_enrollments",
        ext.with_duplicates(enrollments, stream(seed, "education", "enroll dup")),
    )
    del enrollments
    # Course each learner studies now: their latest enrolment.
    current = np.full(p.n, -1, dtype=np.int64)
    current[person] = course

    # --- study sessions -----------------------------------------------------------
    rng = stream(seed, "education", "sessions")
    first_day = as_of_day - STUDY_DAYS + 1
    d_person = np.repeat(learners, STUDY_DAYS)
    d_day = np.tile(np.arange(first_day, as_of_day + 1), len(learners))
    active = (d_day >= p.start[d_person] // DAY) & (
        rng.random(len(d_day)) < latent["day_rate"][d_person]
    )
    d_person, d_day = d_person[active], d_day[active]
    day_minutes = np.maximum(
        5, rng.normal(latent["minutes"][d_person], 0.3 * latent["minutes"][d_person])
    )
    parts = 1 + (rng.random(len(d_day)) < 0.35) + (rng.random(len(d_day)) < 0.1)
    s_person = np.repeat(d_person, parts)
    s_day = np.repeat(d_day, parts)
    share = rng.dirichlet(np.ones(3), len(d_day))
    day_of_part = np.repeat(np.arange(len(d_day)), parts)
    part_no = _sequence_within(day_of_part) - 1
    split = share[day_of_part, part_no]
    norm = np.bincount(day_of_part, weights=split, minlength=len(d_day))[day_of_part]
    minutes = np.maximum(1, np.round(day_minutes[day_of_part] * split / norm))
    s = len(s_person)
    loyal = rng.random(s) < SLOT_LOYALTY
    slot = np.where(
        loyal, latent["slot"][s_person], categorical(rng, np.array(SLOT_WEIGHTS), s)
    )
    first_hour = np.array([x[1] for x in TIME_SLOTS])[slot]
    hours = np.array([x[2] for x in TIME_SLOTS])[slot]
    hour = first_hour + np.floor(rng.random(s) * hours).astype(np.int64)
    started = s_day * DAY + hour * 3600 + rng.integers(0, 3600, s)
    order = np.argsort(started, kind="stable")
    s_person, started, minutes = s_person[order], started[order], minutes[order]
    has_course = current[s_person] >= 0
    rng = stream(seed, "education", "sessions written")
    member, account = core.customer_refs(s_person, rng)
    sessions = ext.text_table(
        {
            "study_session_id": ext.null_key(prefixed("ST", 1 + np.arange(s), 11), rng),
            "member_id": member,
            "account_id": account,
            "product_id": build(
                s,
                Text(cat.product_id.take(pa.array(np.maximum(current[s_person], 0)))),
                null=~has_course,
            ),
            "started_at": mess.timestamp_text(
                started,
                rng,
                style_weights=TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
            "study_minutes": ext.integer_text(
                minutes.astype(np.int64), rng, invalid_rate=0.002
            ),
        }
    )
    yield OutputTable(
        "raw",
        "education_study_sessions",
        ext.with_duplicates(sessions, stream(seed, "education", "sessions dup")),
    )
    del sessions
    study_days = np.bincount(d_person, minlength=p.n)

    # --- interactions -------------------------------------------------------------
    rng = stream(seed, "education", "interactions")
    lam = study_days[learners] * latent["social"][learners] * 0.8
    count = rng.poisson(lam)
    i_person = np.repeat(learners, count)
    k = len(i_person)
    i_day = first_day + (rng.random(k) * STUDY_DAYS).astype(np.int64)
    i_day = np.maximum(i_day, p.start[i_person] // DAY)
    i_t = np.minimum(i_day, as_of_day) * DAY + rng.integers(8 * 3600, 23 * 3600, k)
    kind = categorical(rng, np.array(INTERACTION_WEIGHTS), k)
    order = np.argsort(i_t, kind="stable")
    i_person, i_t, kind = i_person[order], i_t[order], kind[order]
    rng = stream(seed, "education", "interactions written")
    member, account = core.customer_refs(i_person, rng)
    interactions = ext.text_table(
        {
            "interaction_id": ext.null_key(prefixed("IA", 1 + np.arange(k), 10), rng),
            "member_id": member,
            "account_id": account,
            "interaction_type": ext.written_codes(rng, kind, INTERACTION_SPELLINGS),
            "interacted_at": mess.timestamp_text(
                i_t,
                rng,
                style_weights=TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
        }
    )
    yield OutputTable(
        "raw",
        "education_interactions",
        ext.with_duplicates(interactions, stream(seed, "education", "inter dup")),
    )
    del interactions

    idx = np.arange(p.n)
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "study_day_rate": pa.array(np.round(latent["day_rate"], 4)),
                "minutes_per_study_day": pa.array(np.round(latent["minutes"], 1)),
                "study_days_60d": pa.array(study_days.astype(np.int64)),
                "preferred_time_slot": pool_array(
                    [x[0] for x in TIME_SLOTS], latent["slot"]
                ),
                "sociability": pa.array(np.round(latent["social"], 4)),
                "renewal_propensity": pa.array(np.round(latent["renewal"], 4)),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )


PROFILE = IndustryProfile(
    name="education",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=("app_open", "search", "view_product", "start_lesson", "purchase"),
    app_browse_weights=(0.25, 0.15, 0.25, 0.35),
    quantity_weights=(95, 5),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All education tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
