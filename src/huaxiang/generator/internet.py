"""Internet / content-app demo data: core plus usage facts.

Dressing of the core tables: products are paid content and memberships (会员订阅,
电子书, 音频专辑, 虚拟礼物, 游戏道具, 周边商品); a "store" is an offline experience or
partner store (few receipts); e-commerce orders are in-app payments (a paying user has
orders); app events view and like content items.

Extension tables (reference ecom account_id, the app account, or crm member_id for
users who joined through the membership programme):
- internet_sessions: app sessions of the last 90 days (start, duration, content
  category, items viewed);
- internet_social_actions: likes, comments, shares, follows and invitations;
- internet_push_messages: push notifications sent and when they were opened.

Latent truth (`person_latent.csv`): activity rate (sessions per day), top interest
categories, preferred time slot, social influence, push responsiveness.
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

CATEGORIES = ("会员订阅", "电子书", "音频专辑", "虚拟礼物", "游戏道具", "周边商品")
_SUBCATEGORIES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "会员订阅": (("月卡", 15, 30), ("季卡", 40, 80), ("年卡", 148, 298),
                 ("超级会员", 30, 60), ("家庭会员", 200, 400)),
    "电子书": (("小说", 3, 30), ("社科", 10, 50), ("经管", 15, 60),
               ("少儿", 5, 30), ("漫画", 3, 20)),
    "音频专辑": (("有声书", 10, 60), ("知识付费", 49, 199), ("播客会员", 20, 80),
                 ("音乐专辑", 5, 30), ("助眠音频", 5, 30)),
    "虚拟礼物": (("小心心", 1, 5), ("火箭", 50, 500), ("跑车", 100, 1000),
                 ("鲜花", 1, 10), ("皇冠", 200, 2000)),
    "游戏道具": (("皮肤", 6, 168), ("月卡礼包", 25, 30), ("抽卡", 6, 648),
                 ("通行证", 30, 98), ("钻石", 6, 648)),
    "周边商品": (("手办", 99, 599), ("T恤", 59, 199), ("帆布包", 39, 129),
                 ("徽章", 9, 39), ("抱枕", 49, 149)),
}  # fmt: skip
_BRANDS: dict[str, tuple[str, ...]] = {
    "会员订阅": ("华享视频", "华享音乐", "华享阅读", "华享播客", "华享全家桶"),
    "电子书": ("华享阅读", "青灯文学", "知行书局", "小象童书", "墨斗漫画"),
    "音频专辑": ("华享听书", "知识星球", "声动播客", "华享音乐", "好眠电台"),
    "虚拟礼物": ("华享直播", "华享直播", "华享直播", "华享直播", "华享直播"),
    "游戏道具": ("华享游戏", "星海工作室", "乐玩", "像素方舟", "云游"),
    "周边商品": ("华享周边", "IP工坊", "潮玩社", "萌物志", "次元仓"),
}
CATALOG = CatalogSpec(
    categories=CATEGORIES,
    subcategories=_SUBCATEGORIES,
    brands=_BRANDS,
    products_per_category=(20, 150, 100, 30, 80, 60),
    variants=(
        "限定",
        "典藏",
        "标准",
        "青春版",
        "连载",
        "完结",
        "S1",
        "S2",
        "新春",
        "周年",
        "联名",
        "单期",
        "合集",
        "体验装",
    ),  # fmt: skip
    store_types=("experience_store", "partner_store"),
    store_type_weights=(0.4, 0.6),
    store_type_visit_weights=(1.2, 1.0),
    store_areas={
        "experience_store": ("万象城", "大悦城", "来福士", "太古里"),
        "partner_store": ("书店", "咖啡馆", "影院", "潮玩店", "校园"),
    },
    store_prefix="华享",
    store_suffix="体验店",
)

# name, share, p_crm, p_ecom, p_app, p_existing, churn, pos/yr, ecom/yr, pos lines,
# ecom lines, promo, app engagement, female, age, tiers, category weights.
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("power_user", 0.12, 0.60, 0.98, 0.98, 0.80, 0.03, 0.5, 12.0,
              1.2, 1.3, 0.8, 3.0, 0.45, 26, (0.20, 0.40, 0.30, 0.10),
              (30, 15, 15, 15, 20, 5)),
    Archetype("casual_viewer", 0.30, 0.30, 0.95, 0.95, 0.70, 0.10, 0.1, 1.0,
              1.0, 1.1, 1.2, 1.0, 0.55, 32, (0.80, 0.17, 0.03, 0.0),
              (40, 20, 15, 5, 10, 10)),
    Archetype("social_creator", 0.10, 0.50, 0.98, 0.98, 0.70, 0.05, 0.5, 6.0,
              1.1, 1.2, 1.0, 2.5, 0.60, 24, (0.40, 0.35, 0.20, 0.05),
              (20, 10, 10, 35, 10, 15)),
    Archetype("gamer", 0.12, 0.30, 0.98, 0.98, 0.75, 0.08, 0.2, 8.0,
              1.0, 1.2, 1.3, 2.0, 0.25, 22, (0.50, 0.30, 0.15, 0.05),
              (15, 5, 5, 10, 60, 5)),
    Archetype("reader_listener", 0.14, 0.40, 0.95, 0.95, 0.75, 0.06, 0.3, 4.0,
              1.0, 1.3, 1.0, 1.5, 0.60, 35, (0.50, 0.35, 0.13, 0.02),
              (25, 40, 30, 0.5, 0.5, 5)),
    Archetype("new_customer", 0.10, 0.30, 0.95, 0.95, 0.0, 0.0, 0.2, 2.0,
              1.0, 1.1, 1.2, 1.5, 0.50, 25, (0.90, 0.10, 0.0, 0.0),
              (40, 20, 15, 10, 10, 5)),
    Archetype("dormant", 0.12, 0.30, 0.95, 0.90, 0.85, 1.0, 0.1, 1.0,
              1.0, 1.1, 1.0, 0.6, 0.50, 30, (0.70, 0.25, 0.05, 0.0),
              (40, 20, 15, 5, 10, 10)),
)  # fmt: skip
TEST_ARCHETYPE = Archetype("test_account", 0.0, 1.0, 0.8, 0.0, 0.0, 0.0, 1.0, 1.0,
                           1.0, 1.0, 0.0, 0.0, 0.5, 30, (1.0, 0.0, 0.0, 0.0),
                           (1, 1, 1, 1, 1, 1))  # fmt: skip
_CODE = {a.name: i for i, a in enumerate(ARCHETYPES)}

INTERESTS = ("tech", "entertainment", "sports", "finance", "food", "travel",
             "gaming", "parenting")  # fmt: skip
INTEREST_SPELLINGS = (
    ("tech", "科技", "TECH"),
    ("entertainment", "娱乐", "ENT"),
    ("sports", "体育", "SPORTS"),
    ("finance", "财经", "FIN"),
    ("food", "美食", "FOOD"),
    ("travel", "旅行", "TRAVEL"),
    ("gaming", "游戏", "GAME"),
    ("parenting", "母婴", "亲子"),
)
# Time slots: (name, first hour, hours).
TIME_SLOTS = (("morning", 6, 5), ("midday", 11, 3), ("afternoon", 14, 4),
              ("evening", 18, 4), ("late_night", 22, 4))  # fmt: skip
SLOT_WEIGHTS = (0.15, 0.15, 0.15, 0.40, 0.15)
SLOT_LOYALTY = 0.7  # sessions in the preferred slot
SESSIONS_PER_DAY = {
    "power_user": 2.0, "casual_viewer": 0.3, "social_creator": 1.5,
    "gamer": 1.2, "reader_listener": 0.6, "new_customer": 0.5, "dormant": 0.0,
}  # fmt: skip
SOCIAL_MEAN = {
    "power_user": 0.3, "casual_viewer": 0.05, "social_creator": 0.8,
    "gamer": 0.2, "reader_listener": 0.1, "new_customer": 0.1, "dormant": 0.02,
}  # fmt: skip
PUSH_MEAN = {
    "power_user": 0.35, "casual_viewer": 0.15, "social_creator": 0.30,
    "gamer": 0.25, "reader_listener": 0.20, "new_customer": 0.30, "dormant": 0.03,
}  # fmt: skip
SESSION_DAYS = 90
ACTION_TYPES = ("like", "comment", "share", "follow", "invite")
ACTION_SPELLINGS = (
    ("like", "点赞", "LIKE"),
    ("comment", "评论", "COMMENT"),
    ("share", "分享", "SHARE"),
    ("follow", "关注", "FOLLOW"),
    ("invite", "邀请", "INVITE"),
)
ACTION_WEIGHTS = (0.55, 0.15, 0.15, 0.10, 0.05)
PUSHES_PER_WEEK = 2.0
CAMPAIGNS = ("DAILY_PICK", "NEW_EPISODE", "FRIEND_ACTIVITY", "PROMO_VIP", "COMEBACK")
APP_TIME_STYLES = (0.45, 0.10, 0.25, 0.20)


def _by_archetype(p_arche: np.ndarray, table: dict[str, float]) -> np.ndarray:
    values = np.zeros(len(ARCHETYPES) + 1)
    for name, v in table.items():
        values[_CODE[name]] = v
    return values[p_arche]


def latent_attributes(core: ext.CoreFacts, seed: int) -> dict[str, np.ndarray]:
    p = core.persons
    rng = stream(seed, "internet", "latent")
    rate = _by_archetype(p.archetype, SESSIONS_PER_DAY) * rng.gamma(2.0, 0.5, p.n)
    # Churned users stopped; their rate over the last 90 days is 0.
    rate[p.churned] = 0.0
    first = categorical(rng, np.array([12, 20, 10, 8, 14, 10, 16, 10.0]), p.n)
    second = (first + 1 + rng.integers(0, len(INTERESTS) - 1, p.n)) % len(INTERESTS)
    gamer = p.archetype == _CODE["gamer"]
    first[gamer] = INTERESTS.index("gaming")
    slot = categorical(rng, np.array(SLOT_WEIGHTS), p.n)
    social = np.clip(rng.beta(2, 2, p.n) * 2 * _by_archetype(p.archetype, SOCIAL_MEAN),
                     0, 1)  # fmt: skip
    m = np.clip(_by_archetype(p.archetype, PUSH_MEAN), 0.01, 0.99)
    push = rng.beta(2, 2 * (1 - m) / m)
    test = p.archetype == p.profile.test_code
    rate[test] = 0.0
    return {
        "rate": rate,
        "interest_1": first,
        "interest_2": second,
        "slot": slot,
        "social": social,
        "push": push,
    }


def _slot_times(
    rng: np.random.Generator, day: np.ndarray, slot: np.ndarray
) -> np.ndarray:
    first = np.array([s[1] for s in TIME_SLOTS])[slot]
    hours = np.array([s[2] for s in TIME_SLOTS])[slot]
    hour = (first + np.floor(rng.random(len(day)) * hours).astype(np.int64)) % 24
    return day * DAY + hour * 3600 + rng.integers(0, 3600, len(day))


def extension(core: ext.CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Sessions, social actions, push messages, then the latent truth."""
    p = core.persons
    latent = latent_attributes(core, seed)
    users = np.flatnonzero(core.reachable())
    as_of_day = WINDOW_END // DAY
    first_day = as_of_day - SESSION_DAYS + 1

    # --- sessions -----------------------------------------------------------------
    rng = stream(seed, "internet", "sessions")
    start_day = np.maximum(p.start[users] // DAY, first_day)
    days = (as_of_day - start_day + 1).clip(0)
    count = rng.poisson(latent["rate"][users] * days)
    person = np.repeat(users, count)
    n = len(person)
    day = start_day.repeat(count) + (rng.random(n) * days.repeat(count)).astype(
        np.int64
    )
    loyal = rng.random(n) < SLOT_LOYALTY
    slot = np.where(
        loyal, latent["slot"][person], categorical(rng, np.array(SLOT_WEIGHTS), n)
    )
    t = _slot_times(rng, day, slot)
    interest = np.where(
        rng.random(n) < 0.6,
        latent["interest_1"][person],
        np.where(
            rng.random(n) < 0.6,
            latent["interest_2"][person],
            rng.integers(0, len(INTERESTS), n),
        ),
    )
    depth = 1 + latent["rate"][person]
    duration = np.round(rng.exponential(300 * depth, n) + 15).astype(np.int64)
    items = 1 + rng.poisson(duration / 90)
    order = np.argsort(t, kind="stable")
    person, t, interest, duration, items = (
        person[order], t[order], interest[order], duration[order], items[order]
    )  # fmt: skip
    rng = stream(seed, "internet", "sessions written")
    member, account = _refs(core, person, rng)
    sessions = ext.text_table(
        {
            "session_id": ext.null_key(prefixed("SS", 1 + np.arange(n), 11), rng),
            "account_id": account,
            "member_id": member,
            "started_at": mess.timestamp_text(
                t,
                rng,
                style_weights=APP_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
            "duration_seconds": ext.integer_text(duration, rng, invalid_rate=0.002),
            "content_category": ext.written_codes(rng, interest, INTEREST_SPELLINGS),
            "items_viewed": ext.integer_text(items, rng),
        }
    )
    yield OutputTable(
        "raw",
        "internet_sessions",
        ext.with_duplicates(sessions, stream(seed, "internet", "sessions dup")),
    )
    del sessions
    sessions_per_user = np.bincount(person, minlength=p.n)

    # --- social actions -----------------------------------------------------------
    rng = stream(seed, "internet", "social")
    lam = sessions_per_user[users] * latent["social"][users] * 0.8
    count = rng.poisson(lam)
    a_person = np.repeat(users, count)
    a = len(a_person)
    a_day = first_day + (rng.random(a) * SESSION_DAYS).astype(np.int64)
    a_day = np.maximum(a_day, p.start[a_person] // DAY)
    a_t = _slot_times(rng, np.minimum(a_day, as_of_day), latent["slot"][a_person])
    # Influential users share and invite more.
    kind = categorical(rng, np.array(ACTION_WEIGHTS), a)
    boost = (rng.random(a) < latent["social"][a_person] * 0.4) & (kind == 0)
    kind[boost] = np.where(rng.random(int(boost.sum())) < 0.6, 2, 4)
    order = np.argsort(a_t, kind="stable")
    a_person, a_t, kind = a_person[order], a_t[order], kind[order]
    rng = stream(seed, "internet", "social written")
    member, account = _refs(core, a_person, rng)
    actions = ext.text_table(
        {
            "action_id": ext.null_key(prefixed("SA", 1 + np.arange(a), 11), rng),
            "account_id": account,
            "member_id": member,
            "action_type": ext.written_codes(rng, kind, ACTION_SPELLINGS),
            "acted_at": mess.timestamp_text(
                a_t,
                rng,
                style_weights=APP_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
        }
    )
    yield OutputTable(
        "raw",
        "internet_social_actions",
        ext.with_duplicates(actions, stream(seed, "internet", "social dup")),
    )
    del actions

    # --- push messages ------------------------------------------------------------
    rng = stream(seed, "internet", "push")
    start_day = np.maximum(p.start[users] // DAY, first_day)
    weeks = (as_of_day - start_day + 1).clip(0) / 7
    count = rng.poisson(PUSHES_PER_WEEK * weeks)
    u_person = np.repeat(users, count)
    m = len(u_person)
    s_day = start_day.repeat(count) + (
        rng.random(m) * (weeks * 7).repeat(count)
    ).astype(np.int64)
    sent = s_day * DAY + rng.integers(9 * 3600, 21 * 3600, m)
    opened = rng.random(m) < latent["push"][u_person]
    open_t = np.minimum(sent + rng.integers(30, 6 * 3600, m), WINDOW_END)
    campaign = rng.integers(0, len(CAMPAIGNS), m)
    order = np.argsort(sent, kind="stable")
    u_person, sent, opened, open_t, campaign = (
        u_person[order], sent[order], opened[order], open_t[order], campaign[order]
    )  # fmt: skip
    rng = stream(seed, "internet", "push written")
    member, account = _refs(core, u_person, rng)
    style = mess.choose(rng, APP_TIME_STYLES, m)
    pushes = ext.text_table(
        {
            "push_id": ext.null_key(prefixed("PM", 1 + np.arange(m), 11), rng),
            "account_id": account,
            "member_id": member,
            "campaign_code": pool_array(CAMPAIGNS, campaign),
            "sent_at": mess.timestamp_text(
                sent,
                rng,
                style_weights=APP_TIME_STYLES,
                style=style,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.001,
            ),
            "opened_at": mess.timestamp_text(
                open_t,
                rng,
                style_weights=APP_TIME_STYLES,
                style=style,
                malformed_rate=0.0,
                future_rate=0.0,
                null=~opened,
            ),
        }
    )
    yield OutputTable(
        "raw",
        "internet_push_messages",
        ext.with_duplicates(pushes, stream(seed, "internet", "push dup")),
    )
    del pushes

    idx = np.arange(p.n)
    yield OutputTable(
        "truth",
        "person_latent",
        pa.table(
            {
                "person_id": ext.person_ids(idx),
                "sessions_per_day": pa.array(np.round(latent["rate"], 4)),
                "sessions_90d": pa.array(sessions_per_user.astype(np.int64)),
                "top_interest": pool_array(INTERESTS, latent["interest_1"]),
                "second_interest": pool_array(INTERESTS, latent["interest_2"]),
                "preferred_time_slot": pool_array(
                    [s[0] for s in TIME_SLOTS], latent["slot"]
                ),
                "social_influence": pa.array(np.round(latent["social"], 4)),
                "push_responsiveness": pa.array(np.round(latent["push"], 4)),
                "is_churned": pa.array(p.churned),
                "archetype": pool_array(
                    [a.name for a in p.profile.all_archetypes], p.archetype
                ),
            }
        ),
    )


def _refs(
    core: ext.CoreFacts, person: np.ndarray, rng: np.random.Generator
) -> tuple[pa.Array, pa.Array]:
    """(member_id, account_id) for app usage: the account when there is one."""
    return core.customer_refs(person, rng, prefer="account")


PROFILE = IndustryProfile(
    name="internet",
    catalog=CATALOG,
    archetypes=ARCHETYPES,
    test_archetype=TEST_ARCHETYPE,
    app_event_types=("app_open", "search", "view_content", "like_content", "purchase"),
    app_browse_weights=(0.25, 0.15, 0.45, 0.15),
    quantity_weights=(90, 7, 3),
    pos_volume_scale=0.75,
    ecom_volume_scale=0.75,
    newcomer_archetype="new_customer",
    extension=extension,
)


def generate(n_persons: int, seed: int) -> Iterator[OutputTable]:
    """All internet tables for `n_persons` real persons."""
    from huaxiang.generator.retail import generate_industry

    return generate_industry(PROFILE, n_persons, seed)
