"""Messiness: how real source systems write clean values.

Every function takes clean values (numbers, codes) plus per-row choices drawn by the
caller and returns the text as written, vectorised. Ground truth keeps the clean values;
only the written files go through here. The constants below are the default mixes; each
generator's own rates (how often a record carries a placeholder, a duplicate...) live
at the top of that generator's module.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from huaxiang.generator import names
from huaxiang.generator.formatting import Lit, Num, Pick, Text, build
from huaxiang.generator.seeding import categorical

# --- phones -----------------------------------------------------------------------
# Values typed instead of a real number. Shared by many unrelated records, so an
# identity resolver that trusts them merges strangers.
PHONE_PLACEHOLDERS: tuple[str, ...] = (
    "13800000000", "00000000000", "11111111111", "12345678901", "null", "NULL",
    "-1", "anonymous", "N/A",
)  # fmt: skip
PHONE_PLACEHOLDER_WEIGHTS = (0.34, 0.10, 0.10, 0.10, 0.08, 0.06, 0.10, 0.05, 0.07)
# Layouts of a real number: 13800138000, +86 138-0013-8000, 8613800138000,
# +8613800138000, 138 0013 8000, 138-0013-8000.
PHONE_STYLES = ("plain", "+86 dashed", "86", "+86", "spaced", "dashed")
PHONE_STYLE_WEIGHTS = (0.66, 0.06, 0.06, 0.08, 0.07, 0.07)
PHONE_FULL_WIDTH_RATE = 0.02  # digits typed on a full-width keyboard: １３８...
PHONE_PADDED_RATE = 0.03  # leading/trailing spaces

# --- e-mail -----------------------------------------------------------------------
EMAIL_PLACEHOLDERS: tuple[str, ...] = (
    "test@test.com",
    "null",
    "noemail@example.com",
    "-1",
)
EMAIL_PLACEHOLDER_WEIGHTS = (0.4, 0.25, 0.2, 0.15)
EMAIL_UPPER_RATE = 0.04  # WHOLE ADDRESS IN CAPITALS
EMAIL_CAPITALISED_RATE = 0.06  # First letter capitalised by a form
EMAIL_PADDED_RATE = 0.03  # leading/trailing spaces
EMAIL_DOMAIN_TYPOS: dict[str, str] = {
    "gmail.com": "gmial.com",
    "qq.com": "qq.con",
    "163.com": "163.cm",
    "126.com": "126.con",
    "hotmail.com": "hotmial.com",
    "outlook.com": "outlok.com",
    "icloud.com": "icoud.com",
    "sina.com": "sina.cn",
    "foxmail.com": "foxmial.com",
}
EMAIL_DOMAINS: tuple[str, ...] = (
    "qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "hotmail.com",
    "icloud.com", "sina.com", "foxmail.com",
)  # fmt: skip

# --- member cards -------------------------------------------------------------------
# VIP0012345678, vip0012345678, 0012345678, VIP 001 234 5678
CARD_STYLES = ("canonical", "lowercase", "digits only", "spaced")

# --- names --------------------------------------------------------------------------
# Chinese: 张伟, 张 伟, " 张伟", "张伟 ".
ZH_NAME_STYLE_WEIGHTS = (0.90, 0.05, 0.025, 0.025)
# English: Emily Chen, Chen Emily, CHEN Emily, emily chen, "Emily  Chen",
# full-width Ｅｍｉｌｙ Ｃｈｅｎ, "Emily Chen ".
EN_NAME_STYLE_WEIGHTS = (0.60, 0.12, 0.08, 0.06, 0.05, 0.05, 0.04)

# --- dates --------------------------------------------------------------------------
# YYYY-MM-DD HH:MM:SS, YYYY/MM/DD HH:MM, YYYY-MM-DDTHH:MM:SS+08:00, epoch milliseconds.
TIMESTAMP_STYLES = ("dashed", "slashed", "iso8601", "epoch_ms")
MALFORMED_TIMESTAMPS: tuple[str, ...] = (
    "2025-13-45", "2025-13-45 10:00:00", "N/A", "", "0000-00-00 00:00:00",
    "2025-02-30 25:61:00",
)  # fmt: skip
# Birth dates: 1985-03-02, 1985/3/2, 19850302.
BIRTH_DATE_STYLE_WEIGHTS = (0.70, 0.17, 0.13)
MALFORMED_BIRTH_DATES: tuple[str, ...] = (
    "1900-01-01", "0000-00-00", "19850230", "1985-13-01", "N/A",
)  # fmt: skip
UTC_OFFSET_SECONDS = 8 * 3600  # local time is UTC+8
# Future-dated values land in 2029-2034, after any as-of date of the demo data.
FUTURE_FIRST_DAY = int(np.datetime64("2029-01-01", "D").astype(np.int64))

_FULL_WIDTH = str.maketrans(
    {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"}
)


def to_full_width(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms."""
    return text.translate(_FULL_WIDTH)


def choose(rng: np.random.Generator, weights: Sequence[float], n: int) -> np.ndarray:
    """n codes drawn with `weights` (a thin alias so callers read as prose)."""
    return categorical(rng, np.asarray(weights, dtype=np.float64), n)


def phone_text(
    phones: np.ndarray,
    rng: np.random.Generator,
    *,
    placeholder: np.ndarray | None = None,
    null: np.ndarray | None = None,
    style_weights: Sequence[float] = PHONE_STYLE_WEIGHTS,
    full_width_rate: float = PHONE_FULL_WIDTH_RATE,
    padded_rate: float = PHONE_PADDED_RATE,
) -> pa.Array:
    """Mobile numbers (int64, 11 digits) as written by people and systems.

    Rows in `placeholder` get a placeholder value instead; rows in `null` are empty.
    """
    n = len(phones)
    p = np.asarray(phones, dtype=np.int64)
    fake = np.zeros(n, dtype=bool) if placeholder is None else placeholder
    real = ~fake
    style = choose(rng, style_weights, n)
    wide = rng.random(n) < full_width_rate
    pad_lead = (rng.random(n) < padded_rate) & real
    pad_trail = (rng.random(n) < padded_rate) & real
    fake_code = choose(rng, PHONE_PLACEHOLDER_WEIGHTS, n)
    head, mid, tail = p // 10**8, (p // 10**4) % 10**4, p % 10**4
    dashed = ((style == 1) | (style == 5)) & real
    spaced = (style == 4) & real
    return build(
        n,
        Lit(" ", pad_lead),
        Lit("+86 ", (style == 1) & real),
        Lit("86", (style == 2) & real),
        Lit("+86", (style == 3) & real),
        Num(np.where(real, head, 0), 3, real, wide),
        Lit("-", dashed),
        Lit(" ", spaced),
        Num(np.where(real, mid, 0), 4, real, wide),
        Lit("-", dashed),
        Lit(" ", spaced),
        Num(np.where(real, tail, 0), 4, real, wide),
        Lit(" ", pad_trail),
        Pick(fake_code, PHONE_PLACEHOLDERS, fake),
        null=null,
    )


def plain_phone_text(phones: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Mobile numbers as 11 plain digits (clean values for ground truth)."""
    return build(len(phones), Num(np.asarray(phones, dtype=np.int64), 11), null=null)


def card_text(
    cards: np.ndarray,
    rng: np.random.Generator,
    style_weights: Sequence[float],
    null: np.ndarray | None = None,
) -> pa.Array:
    """Member card numbers (10-digit ints) written as VIP0012345678 and variants."""
    n = len(cards)
    c = np.asarray(cards, dtype=np.int64)
    style = choose(rng, style_weights, n)
    spaced = style == 3
    return build(
        n,
        Lit("VIP", (style == 0) | spaced),
        Lit("vip", style == 1),
        Lit(" ", spaced),
        Num(c // 10**7, 3),
        Lit(" ", spaced),
        Num((c // 10**4) % 1000, 3),
        Lit(" ", spaced),
        Num(c % 10**4, 4),
        null=null,
    )


def email_text(
    emails: pa.Array,
    rng: np.random.Generator,
    *,
    placeholder: np.ndarray | None = None,
    typo: np.ndarray | None = None,
    null: np.ndarray | None = None,
) -> pa.Array:
    """Clean e-mail addresses as typed into forms: case, spaces, typos, placeholders."""
    n = len(emails)
    fake = np.zeros(n, dtype=bool) if placeholder is None else placeholder
    real = ~fake
    text = emails.fill_null("")
    if typo is not None and typo.any():
        typoed = text
        for good, bad in EMAIL_DOMAIN_TYPOS.items():
            typoed = pc.replace_substring(typoed, "@" + good, "@" + bad)
        text = pc.if_else(pa.array(typo), typoed, text)
    case = rng.random(n)
    upper = case < EMAIL_UPPER_RATE
    capital = (case >= EMAIL_UPPER_RATE) & (
        case < EMAIL_UPPER_RATE + EMAIL_CAPITALISED_RATE
    )
    if upper.any():
        text = pc.if_else(pa.array(upper), pc.utf8_upper(text), text)
    if capital.any():
        text = pc.if_else(pa.array(capital), pc.utf8_capitalize(text), text)
    pad_lead = (rng.random(n) < EMAIL_PADDED_RATE) & real
    pad_trail = (rng.random(n) < EMAIL_PADDED_RATE) & real
    fake_code = choose(rng, EMAIL_PLACEHOLDER_WEIGHTS, n)
    return build(
        n,
        Lit(" ", pad_lead),
        Text(text, real),
        Lit(" ", pad_trail),
        Pick(fake_code, EMAIL_PLACEHOLDERS, fake),
        null=null,
    )


# Pools for written names, derived once from the name pools.
_ZH_SURNAMES = [s for s, _, _ in names.SURNAMES]
_GIVEN = [c for c, _, _ in names.GIVEN_CHARS]
_EN_FIRST = list(names.ENGLISH_FIRST_MALE + names.ENGLISH_FIRST_FEMALE)
_EN_LAST = [s for s, _ in names.ENGLISH_LAST]


def name_text(
    is_english: np.ndarray,
    surname: np.ndarray,
    given1: np.ndarray,
    given2: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    style: np.ndarray | None = None,
    null: np.ndarray | None = None,
) -> pa.Array:
    """Person names from pool codes; `style` picks how each row is written.

    Chinese rows use surname + given1 (+ given2 when >= 0); English rows use first +
    last. Style codes index ZH_NAME_STYLE_WEIGHTS / EN_NAME_STYLE_WEIGHTS; without
    `style` every row is written cleanly (張伟, Emily Chen).
    """
    n = len(is_english)
    en = np.asarray(is_english, dtype=bool)
    zh = ~en
    s = np.zeros(n, dtype=np.int64) if style is None else style
    two = zh & (given2 >= 0)
    g2 = np.where(two, given2, 0)
    # Chinese layouts.
    zh_gap = zh & (s == 1)
    zh_lead = zh & (s == 2)
    zh_trail = zh & (s == 3)
    # English layouts.
    first_last = en & np.isin(s, (0, 3, 4, 5, 6))
    last_first = en & np.isin(s, (1, 2))
    lower = en & (s == 3)
    wide = en & (s == 5)
    upper_last = en & (s == 2)
    normal = en & ~lower & ~wide
    first_pools = {
        "normal": _EN_FIRST,
        "lower": [x.lower() for x in _EN_FIRST],
        "wide": [to_full_width(x) for x in _EN_FIRST],
    }
    last_pools = {
        "normal": _EN_LAST,
        "lower": [x.lower() for x in _EN_LAST],
        "wide": [to_full_width(x) for x in _EN_LAST],
        "upper": [x.upper() for x in _EN_LAST],
    }

    def first_segments(where: np.ndarray) -> list:
        return [
            Pick(first, first_pools["normal"], where & normal),
            Pick(first, first_pools["lower"], where & lower),
            Pick(first, first_pools["wide"], where & wide),
        ]

    def last_segments(where: np.ndarray) -> list:
        return [
            Pick(last, last_pools["normal"], where & normal & ~upper_last),
            Pick(last, last_pools["upper"], where & upper_last),
            Pick(last, last_pools["lower"], where & lower),
            Pick(last, last_pools["wide"], where & wide),
        ]

    return build(
        n,
        Lit(" ", zh_lead),
        Pick(surname, _ZH_SURNAMES, zh),
        Lit(" ", zh_gap),
        Pick(given1, _GIVEN, zh),
        Pick(g2, _GIVEN, two),
        Lit(" ", zh_trail),
        *first_segments(first_last),
        *last_segments(last_first),
        Lit(" ", en & ~wide),
        Lit("\u3000", wide),
        Lit(" ", en & (s == 4)),
        *last_segments(first_last),
        *first_segments(last_first),
        Lit(" ", en & (s == 6)),
        null=null,
    )


def _calendar(seconds: np.ndarray) -> tuple[np.ndarray, ...]:
    """(year, month, day, hour, minute, second) of naive local epoch seconds."""
    s = np.asarray(seconds, dtype=np.int64)
    days = (s // 86400).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months).astype(np.int64) + 1
    sod = s % 86400
    return year, month, day, sod // 3600, (sod // 60) % 60, sod % 60


def timestamp_text(
    seconds: np.ndarray,
    rng: np.random.Generator,
    *,
    style_weights: Sequence[float],
    malformed_rate: float,
    future_rate: float,
    null: np.ndarray | None = None,
    style: np.ndarray | None = None,
) -> pa.Array:
    """Local timestamps (naive epoch seconds) in mixed formats, some broken.

    Styles follow TIMESTAMP_STYLES, drawn with `style_weights` unless given per row
    (two columns of one system share a style). `future_rate` of rows get a date in
    2029-2034 (after the as-of date); `malformed_rate` of rows are unparseable.
    """
    n = len(seconds)
    s = np.asarray(seconds, dtype=np.int64).copy()
    if style is None:
        style = choose(rng, style_weights, n)
    future = rng.random(n) < future_rate
    future_day = FUTURE_FIRST_DAY + rng.integers(0, 6 * 365, int(future.sum()))
    s[future] = future_day * 86400 + s[future] % 86400
    bad = rng.random(n) < malformed_rate
    bad_code = rng.integers(0, len(MALFORMED_TIMESTAMPS), n)
    year, month, day, hour, minute, sec = _calendar(s)
    text = ~bad & (style != 3)
    epoch = ~bad & (style == 3)
    slashed = text & (style == 1)
    iso = text & (style == 2)
    dashed = text & ~slashed
    epoch_ms = np.where(epoch, (s - UTC_OFFSET_SECONDS) * 1000, 0)
    epoch_ms[epoch] += rng.integers(0, 1000, int(epoch.sum()))
    return build(
        n,
        Num(year, 4, text),
        Lit("-", dashed),
        Lit("/", slashed),
        Num(month, 2, text),
        Lit("-", dashed),
        Lit("/", slashed),
        Num(day, 2, text),
        Lit(" ", text & ~iso),
        Lit("T", iso),
        Num(hour, 2, text),
        Lit(":", text),
        Num(minute, 2, text),
        Lit(":", dashed),
        Num(sec, 2, dashed),
        Lit("+08:00", iso),
        Num(epoch_ms, None, epoch),
        Pick(bad_code, MALFORMED_TIMESTAMPS, bad),
        null=null,
    )


def date_text(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """`YYYY-MM-DD` from days since 1970-01-01, no mess."""
    year, month, day, *_ = _calendar(np.asarray(days, dtype=np.int64) * 86400)
    return build(
        len(days),
        Num(year, 4),
        Lit("-"),
        Num(month, 2),
        Lit("-"),
        Num(day, 2),
        null=null,
    )


def birth_date_text(
    days: np.ndarray,
    rng: np.random.Generator,
    *,
    missing_rate: float,
    malformed_rate: float,
) -> pa.Array:
    """Birth dates (days since 1970) as 1985-03-02, 1985/3/2, 19850302, empty, junk."""
    n = len(days)
    style = choose(rng, BIRTH_DATE_STYLE_WEIGHTS, n)
    u = rng.random(n)
    missing = u < missing_rate
    bad = (u >= missing_rate) & (u < missing_rate + malformed_rate)
    ok = ~missing & ~bad
    year, month, day, *_ = _calendar(np.asarray(days, dtype=np.int64) * 86400)
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
        Pick(
            rng.integers(0, len(MALFORMED_BIRTH_DATES), n), MALFORMED_BIRTH_DATES, bad
        ),
        null=missing,
    )


def duplicated_rows(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    """Indices of the `rate` of n rows that a source delivers twice (in row order)."""
    return np.flatnonzero(rng.random(n) < rate)
