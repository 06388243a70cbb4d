"""Marketing consent and past campaigns of the retail profile (raw + ground truth).

Two raw tables follow docs/input_contract.md:

- `marketing_preferences`: per-channel consent events (opt in, opt out) of CRM members
  and e-commerce account holders, with the WeChat openid bound on WeChat events. The
  latest event per customer and channel is the consent in force.
- `campaign_responses`: one row per person targeted by a past campaign: the arm
  (treatment or holdout), the channel, send/open/click times for treated persons and
  the attributed conversion (time, revenue) within the campaign's response window.

Ground truth (never read by models): `campaign_uplift` has, per campaign and true
segment (the person's archetype, and `all`), the persons targeted, the mean true
conversion probability with and without the message and the TRUE uplift (their
difference averaged over the targeted persons), and the true revenue per head.

Randomness comes from named streams of the seed; rates are constants below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from huaxiang.generator import mess
from huaxiang.generator.dataset import OutputTable
from huaxiang.generator.extension import (
    CoreFacts,
    money_text,
    null_key,
    text_table,
    with_duplicates,
    written_codes,
)
from huaxiang.generator.formatting import Lit, Num, build, pool_array
from huaxiang.generator.seeding import stream

DAY = 86400
CHANNELS = ("sms", "wechat", "app_push", "email")
# How systems spell the channels and events (first = canonical; mapped in
# seeds/standard_values.csv, domains marketing_channel and consent_event).
CHANNEL_SPELLINGS = (
    ("sms", "SMS", "短信"),
    ("wechat", "WeChat", "微信"),
    ("app_push", "push", "APP推送"),
    ("email", "e-mail", "邮件"),
)
EVENT_SPELLINGS = (("opt_in", "OPT-IN", "订阅"), ("opt_out", "OPT-OUT", "退订"))
# Share of reachable persons who opted in per channel (sms needs a mobile, app_push
# an app device, email an e-mail address; wechat binds an openid on opt-in).
OPT_IN_RATE = {"sms": 0.70, "wechat": 0.55, "app_push": 0.75, "email": 0.50}
OPT_OUT_RATE = 0.12  # opted-in persons who later opted out
RE_OPT_IN_RATE = 0.20  # of those, who opted in again later
PREFERENCE_TIME_STYLES = (0.60, 0.20, 0.20, 0.0)
MALFORMED_DATE_RATE = 0.002

# Past campaigns: id, name, launch day, category boost, response window (days).
CAMPAIGNS = (
    ("CMP-2025-03-SPRING", "2025-03-08", 14),
    ("CMP-2025-06-618", "2025-06-10", 10),
    ("CMP-2025-09-AUTUMN", "2025-09-12", 14),
    ("CMP-2025-11-D11", "2025-11-03", 10),
    ("CMP-2026-03-SPRING", "2026-03-07", 14),
    ("CMP-2026-06-618", "2026-06-08", 10),
)
TARGET_RATE = 0.35  # share of consented persons targeted by each campaign
HOLDOUT_SHARE = 0.20
# Base conversion (no message) scales with the archetype's online+offline intensity;
# the message adds a true uplift per archetype (absolute, probability points).
BASE_CONVERSION = 0.06
TRUE_UPLIFT = {
    "loyal_high_value": 0.02,
    "regular": 0.04,
    "bargain_hunter": 0.09,
    "new_customer": 0.06,
    "lapsed": 0.03,
    "mother_baby": 0.05,
    "online_only": 0.05,
    "offline_only": 0.01,
}
OPEN_RATE = {"sms": 0.0, "wechat": 0.45, "app_push": 0.25, "email": 0.20}
CLICK_RATE = 0.30  # of opens
MEAN_REVENUE_CENTS = 28000


@dataclass
class Reach:
    """Per person: has a reachable address per channel and the consent in force."""

    address: dict[str, np.ndarray]
    consent: dict[str, np.ndarray]


def _openids(rng: np.random.Generator, n: int) -> pa.Array:
    """WeChat openids: o + 27 hex-like characters (unique enough for demo sizes)."""
    raw = rng.integers(0, 2**62, n, dtype=np.int64)
    return pa.array(
        ["o" + format(int(v), "016x") + format(int(v) * 7919 % (16**11), "011x")
         for v in raw]
    )  # fmt: skip


def make_preferences(core: CoreFacts, seed: int) -> tuple[Reach, pa.Table]:
    p = core.persons
    rng = stream(seed, "campaigns", "preferences")
    real = core.reachable()
    has_email = pc.is_valid(p.email).to_numpy(zero_copy_only=False)
    address = {
        "sms": real & (p.phone > 0),
        "wechat": real.copy(),
        "app_push": real & core.app_owner,
        "email": real & has_email,
    }
    consent: dict[str, np.ndarray] = {}
    rows_person, rows_channel, rows_event, rows_time = [], [], [], []
    for code, channel in enumerate(CHANNELS):
        opted = address[channel] & (rng.random(p.n) < OPT_IN_RATE[channel])
        out = opted & (rng.random(p.n) < OPT_OUT_RATE)
        back = out & (rng.random(p.n) < RE_OPT_IN_RATE)
        consent[channel] = opted & (~out | back)
        if channel == "wechat":
            address["wechat"] = opted  # an openid is bound only by opting in
        lo = np.maximum(p.start, 0)
        t_in = lo + (rng.random(p.n) * 200 * DAY).astype(np.int64)
        t_out = t_in + (30 + rng.random(p.n) * 300).astype(np.int64) * DAY
        t_back = t_out + (10 + rng.random(p.n) * 100).astype(np.int64) * DAY
        for mask, event, times in (
            (opted, 0, t_in),
            (out, 1, t_out),
            (back, 0, t_back),
        ):
            idx = np.flatnonzero(mask)
            rows_person.append(idx)
            rows_channel.append(np.full(len(idx), code))
            rows_event.append(np.full(len(idx), event))
            rows_time.append(times[idx])
    person = np.concatenate(rows_person)
    channel = np.concatenate(rows_channel)
    event = np.concatenate(rows_event)
    at = np.minimum(np.concatenate(rows_time), core.persons.end.max())
    n = len(person)
    openid_of = _openids(rng, p.n)
    member, account = core.customer_refs(person, rng)
    wechat = channel == CHANNELS.index("wechat")
    table = text_table(
        {
            "preference_event_id": null_key(
                build(n, Lit("PE"), Num(np.arange(n) + 1, 9)), rng
            ),
            "member_id": member,
            "account_id": account,
            "channel": written_codes(rng, channel, CHANNEL_SPELLINGS),
            "event_type": written_codes(rng, event, EVENT_SPELLINGS),
            "wechat_openid": pc.if_else(
                pa.array(wechat),
                openid_of.take(pa.array(person)),
                pa.scalar(None, pa.string()),
            ),
            "event_at": mess.timestamp_text(
                at,
                rng,
                style_weights=PREFERENCE_TIME_STYLES,
                malformed_rate=MALFORMED_DATE_RATE,
                future_rate=0.0,
            ),
        }
    )
    return Reach(address, consent), with_duplicates(table, rng)


def _day_seconds(day: str) -> int:
    return int(np.datetime64(day, "s").astype(np.int64))


def make_responses(
    core: CoreFacts, reach: Reach, seed: int
) -> tuple[pa.Table, pa.Table]:
    """campaign_responses (raw) and campaign_uplift (truth)."""
    p = core.persons
    names = [a.name for a in p.profile.all_archetypes]
    uplift_of = np.array([TRUE_UPLIFT.get(name, 0.0) for name in names])
    intensity = np.clip(np.asarray(p.intensity, dtype=float), 0.2, 3.0)
    parts: list[pa.Table] = []
    truth_rows: list[dict[str, object]] = []
    for number, (campaign_id, day, window) in enumerate(CAMPAIGNS):
        rng = stream(seed, "campaigns", campaign_id)
        start = _day_seconds(day) + 10 * 3600
        consented = np.zeros(p.n, dtype=bool)
        for channel in CHANNELS:
            consented |= reach.consent[channel] & reach.address[channel]
        active = (p.start <= start) & (p.end >= start - 180 * DAY)
        person = np.flatnonzero(consented & active & (rng.random(p.n) < TARGET_RATE))
        n = len(person)
        holdout = rng.random(n) < HOLDOUT_SHARE
        # Channel: the first consented channel in a person-specific order.
        order = rng.permutation(len(CHANNELS))
        channel = np.full(n, -1)
        for code in order:
            ch = CHANNELS[code]
            ok = (reach.consent[ch] & reach.address[ch])[person] & (channel < 0)
            channel[ok] = code
        base = np.clip(BASE_CONVERSION * intensity[person], 0.005, 0.4)
        lift = uplift_of[p.archetype[person]] * (0.8 + 0.1 * (number % 5))
        p_treat = np.clip(base + lift, 0, 1)
        converted = rng.random(n) < np.where(holdout, base, p_treat)
        revenue = np.where(
            converted,
            np.maximum(
                rng.gamma(2.0, MEAN_REVENUE_CENTS / 2.0, n).astype(np.int64), 990
            ),
            0,
        )
        sent = ~holdout
        opened = sent & (
            rng.random(n) < np.array([OPEN_RATE[c] for c in CHANNELS])[channel]
        )
        clicked = opened & (rng.random(n) < CLICK_RATE)
        t_send = start + rng.integers(0, 3600, n)
        t_open = t_send + rng.integers(60, 2 * DAY, n)
        t_click = t_open + rng.integers(5, 600, n)
        t_conv = start + rng.integers(3600, window * DAY, n)
        member, account = core.customer_refs(person, rng)
        style = mess.choose(rng, PREFERENCE_TIME_STYLES, n)

        def when(
            t: np.ndarray,
            null: np.ndarray,
            rng: np.random.Generator = rng,
            style: np.ndarray = style,
        ) -> pa.Array:
            return mess.timestamp_text(
                t, rng, style_weights=PREFERENCE_TIME_STYLES, malformed_rate=0.0,
                future_rate=0.0, null=null, style=style,
            )  # fmt: skip

        parts.append(
            text_table(
                {
                    "response_id": null_key(
                        build(n, Lit(f"R{number + 1}-"), Num(np.arange(n) + 1, 8)),
                        rng,
                    ),
                    "campaign_id": pa.array([campaign_id] * n),
                    "campaign_start_date": pa.array([day] * n),
                    "response_window_days": pa.array([str(window)] * n),
                    "member_id": member,
                    "account_id": account,
                    "arm": pool_array(("treatment", "holdout"), holdout.astype(int)),
                    "channel": pool_array(CHANNELS, channel),
                    "sent_at": when(t_send, ~sent),
                    "opened_at": when(t_open, ~opened),
                    "clicked_at": when(t_click, ~clicked),
                    "converted_at": when(t_conv, ~converted),
                    "revenue": money_text(revenue, rng, null=~converted),
                }
            )
        )
        segments = [("all", np.ones(n, dtype=bool))] + [
            (name, p.archetype[person] == code)
            for code, name in enumerate(names)
            if name in TRUE_UPLIFT
        ]
        for segment, rows in segments:
            if not rows.any():
                continue
            truth_rows.append(
                {
                    "campaign_id": campaign_id,
                    "segment": segment,
                    "persons": int(rows.sum()),
                    "treatment_persons": int((rows & ~holdout).sum()),
                    "holdout_persons": int((rows & holdout).sum()),
                    "true_conversion_holdout": float(base[rows].mean()),
                    "true_conversion_treatment": float(p_treat[rows].mean()),
                    "true_uplift": float((p_treat - base)[rows].mean()),
                    "true_revenue_uplift_per_head_cny": float(
                        ((p_treat - base)[rows] * MEAN_REVENUE_CENTS / 100).mean()
                    ),
                }
            )
    rng = stream(seed, "campaigns", "duplicates")
    responses = with_duplicates(pa.concat_tables(parts), rng)
    return responses, pa.Table.from_pylist(truth_rows)


def generate_campaigns(core: CoreFacts, seed: int) -> Iterator[OutputTable]:
    """Raw marketing_preferences and campaign_responses, truth campaign_uplift."""
    reach, preferences = make_preferences(core, seed)
    yield OutputTable("raw", "marketing_preferences", preferences)
    responses, truth = make_responses(core, reach, seed)
    yield OutputTable("raw", "campaign_responses", responses)
    yield OutputTable("truth", "campaign_uplift", truth)


__all__ = ["CAMPAIGNS", "CHANNELS", "generate_campaigns"]
