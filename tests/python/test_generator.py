"""Tests for the demo-data generator (huaxiang.generator).

Small sizes only (N <= 3000): the 1M-person path is the same vectorised code, which
test_generation_is_vectorised checks structurally (Python calls do not grow with N).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from huaxiang.generator import INDUSTRIES, generate_tables, mess, retail
from huaxiang.generator.__main__ import main, parse_args
from huaxiang.generator.formatting import Lit, Num, Pick, Text, build, integers, money
from huaxiang.generator.output import write_dataset
from huaxiang.generator.seeding import stream, unique_integers

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "docs" / "input_contract.md"
N = 2000
SEED = 7
PHONE_PLACEHOLDERS = set(mess.PHONE_PLACEHOLDERS)
FULL_WIDTH_DIGIT = re.compile("[０-９]")


def contract_columns(section: str | None = None) -> dict[str, list[str]]:
    """Table -> columns, parsed from the markdown tables in docs/input_contract.md:
    the core tables (before any `## ` heading), or with `section` the tables under
    the heading that contains it (e.g. "(`finance`)")."""
    tables: dict[str, list[str]] = {}
    current = None
    inside = section is None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if section is None:
                inside = not line.startswith("## ") and inside
            elif line.startswith("### ") or line.startswith("## "):
                inside = section in line
            continue
        if not inside:
            continue
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == "table":
            continue
        current = cells[0] or current
        assert current is not None
        tables.setdefault(current, []).extend(
            c.strip() for c in cells[1].split(",") if c.strip()
        )
    return tables


def retail_contract() -> dict[str, list[str]]:
    """The core tables plus the retail marketing-consent and campaign tables."""
    return {**contract_columns(), **contract_columns("Marketing consent and campaigns")}


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    out = generate_tables("retail", N, SEED)
    return {name: item.table for (_, name), item in out.items()}


def column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist()


def digits_of(text: str | None) -> str:
    """Phone text -> 11-digit national number, or '' (a test-side normaliser)."""
    if text is None:
        return ""
    s = text.strip().translate({0xFF10 + d: str(d) for d in range(10)})
    s = re.sub(r"[\s\-]", "", s)
    s = re.sub(r"^\+?86", "", s)
    return s if re.fullmatch(r"1[3-9]\d{9}", s) and s != "13800000000" else ""


def truth_by_record(
    tables: dict[str, pa.Table], source_table: str, value: str
) -> dict[str, object]:
    """record_id -> a record_truth column, for the records of one source table."""
    truth = tables["record_truth"]
    return {
        r: v
        for s, r, v in zip(
            column(truth, "source_table"),
            column(truth, "record_id"),
            column(truth, value),
            strict=True,
        )
        if s == source_table
    }


def rate(values: list[bool]) -> float:
    return sum(values) / max(len(values), 1)


# --- contract -------------------------------------------------------------------------


def test_contract_parses() -> None:
    cols = contract_columns()
    assert "crm_members" in cols and "app_events" in cols
    assert cols["pos_stores"] == [
        "store_id",
        "store_name",
        "city",
        "store_type",
        "opened_date",
    ]


def test_every_contract_table_and_column_is_written(
    tables: dict[str, pa.Table],
) -> None:
    for table_name, columns in retail_contract().items():
        assert table_name in tables, f"missing table {table_name}"
        assert tables[table_name].column_names == columns, table_name
        for field in tables[table_name].schema:
            assert field.type == pa.string(), (table_name, field.name)


def test_truth_tables_have_their_columns(tables: dict[str, pa.Table]) -> None:
    assert tables["record_truth"].column_names == [
        "source_table",
        "record_id",
        "person_id",
        "has_usable_identifier",
    ]
    persons = tables["persons"]
    for name in ("person_id", "name", "mobile", "email", "archetype", "is_churned"):
        assert name in persons.column_names
    assert persons.num_rows == N + max(3, round(N * retail.TEST_ACCOUNT_RATE))


# --- determinism ----------------------------------------------------------------------


def _write(out: Path, n: int, seed: int, file_format: str) -> dict[str, bytes]:
    write_dataset(
        retail.generate(n, seed), out, "retail", file_format, log=lambda _: None
    )
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_same_seed_gives_identical_bytes(tmp_path: Path, file_format: str) -> None:
    first = _write(tmp_path / "a", 300, 11, file_format)
    second = _write(tmp_path / "b", 300, 11, file_format)
    # 9 core + 2 campaign raw tables; truth: record_truth, persons, campaign_uplift.
    assert len(first) == 11 + 3
    assert first == second


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    first = _write(tmp_path / "a", 300, 11, "csv")
    second = _write(tmp_path / "b", 300, 12, "csv")
    assert first.keys() == second.keys()
    changed = [k for k in first if first[k] != second[k]]
    assert "raw/retail/crm_members.csv" in changed
    assert "truth/retail/persons.csv" in changed
    assert len(changed) == len(first)


def test_streams_are_keyed_by_name() -> None:
    a = stream(1, "pos", "lines").random(5)
    stream(1, "something", "new").random(100)  # another stream does not shift it
    assert np.array_equal(a, stream(1, "pos", "lines").random(5))
    assert not np.array_equal(a, stream(2, "pos", "lines").random(5))
    with pytest.raises(ValueError):
        stream(-1, "x")


# --- row-count relations and ground truth ---------------------------------------------


def test_lines_reference_receipts_and_orders(tables: dict[str, pa.Table]) -> None:
    for header, lines, key in (
        ("pos_transactions", "pos_transaction_lines", "receipt_no"),
        ("ecom_orders", "ecom_order_lines", "order_id"),
    ):
        keys = set(column(tables[header], key)) - {None}
        line_keys = [k for k in column(tables[lines], key) if k is not None]
        orphans = sum(k not in keys for k in line_keys)
        # Orphans and headers without lines come only from keys that went missing.
        assert orphans <= 0.01 * len(line_keys), header
        assert len(keys - set(line_keys)) <= 0.01 * len(keys), header
        assert len(line_keys) > 2 * len(keys)


def test_truth_covers_every_record_id(tables: dict[str, pa.Table]) -> None:
    truth = tables["record_truth"]
    by_table: dict[str, set[str]] = {}
    for source, record in zip(
        column(truth, "source_table"), column(truth, "record_id"), strict=True
    ):
        by_table.setdefault(source, set()).add(record)
    assert len(truth) == sum(len(v) for v in by_table.values()), "duplicate truth ids"
    for source, key in (
        ("crm_members", "member_id"),
        ("ecom_accounts", "account_id"),
        ("pos_transactions", "receipt_no"),
    ):
        assert set(column(tables[source], key)) - {None} == by_table[source], source
    devices = {d.lower() for d in column(tables["app_events"], "device_id")}
    assert {d.lower() for d in by_table["app_devices"]} == devices
    persons = set(column(tables["persons"], "person_id"))
    assert set(column(truth, "person_id")) <= persons


def test_device_truth_uses_id_as_written_in_first_event(
    tables: dict[str, pa.Table],
) -> None:
    first_written: dict[str, str] = {}
    for device in column(tables["app_events"], "device_id"):
        first_written.setdefault(device.lower(), device)
    truth = tables["record_truth"].filter(
        pc.equal(tables["record_truth"]["source_table"], "app_devices")
    )
    assert set(column(truth, "record_id")) == set(first_written.values())


def test_usable_flag_matches_what_receipts_show(tables: dict[str, pa.Table]) -> None:
    receipts = tables["pos_transactions"]
    usable = truth_by_record(tables, "pos_transactions", "has_usable_identifier")
    for no, card, phone in zip(
        column(receipts, "receipt_no"),
        column(receipts, "member_card_no"),
        column(receipts, "customer_phone"),
        strict=True,
    ):
        if no is None:
            continue
        shows_something = card is not None or digits_of(phone) != ""
        assert usable[no] == shows_something, (no, card, phone)


def test_household_pairs_share_a_phone_and_nothing_else_does(
    tables: dict[str, pa.Table],
) -> None:
    persons = tables["persons"]
    mobiles = [m for m in column(persons, "mobile") if m is not None]
    counts = Counter(mobiles)
    assert max(counts.values()) == 2
    shared = sum(1 for c in counts.values() if c == 2)
    partners = [p for p in column(persons, "household_partner_id") if p]
    assert shared * 2 == len(partners) == 2 * round(N * retail.SHARED_PHONE_RATE / 2)
    emails = [e for e in column(persons, "email") if e is not None]
    assert len(emails) == len(set(emails))
    assert 0.6 < len(emails) / N < 0.8


def test_true_mobiles_are_valid_chinese_mobiles(tables: dict[str, pa.Table]) -> None:
    for mobile in column(tables["persons"], "mobile")[:500]:
        if mobile is None:
            continue
        number = phonenumbers.parse("+86" + mobile)
        assert phonenumbers.is_valid_number(number), mobile
        assert not mobile.endswith("00000000")


def test_archetypes_and_churn(tables: dict[str, pa.Table]) -> None:
    persons = tables["persons"]
    archetypes = Counter(column(persons, "archetype"))
    assert set(archetypes) == {a.name for a in retail.ALL_ARCHETYPES}
    churned = Counter(
        a
        for a, c in zip(
            column(persons, "archetype"), column(persons, "is_churned"), strict=True
        )
        if c
    )
    assert churned["lapsed"] > 0.9 * archetypes["lapsed"]
    assert churned["new_customer"] == 0


def test_channel_shares(tables: dict[str, pa.Table]) -> None:
    persons = tables["persons"]
    real = [a != "test_account" for a in column(persons, "archetype")]
    crm = [
        c for c, r in zip(column(persons, "has_crm_membership"), real, strict=True) if r
    ]
    ecom = [
        e for e, r in zip(column(persons, "has_ecom_account"), real, strict=True) if r
    ]
    assert 0.70 < rate(crm) < 0.80
    assert 0.55 < rate(ecom) < 0.68
    ids = [i for i in column(tables["crm_members"], "member_id") if i]
    assert 0.06 < len(set(ids)) / sum(crm) - 1 < 0.10  # second memberships


# --- mess at the configured rates -----------------------------------------------------


def test_placeholder_phones(tables: dict[str, pa.Table]) -> None:
    crm = column(tables["crm_members"], "mobile")
    assert 0.015 < rate([m in PHONE_PLACEHOLDERS for m in crm]) < 0.045
    pos = column(tables["pos_transactions"], "customer_phone")
    pos_rate = rate([p in PHONE_PLACEHOLDERS for p in pos])
    assert 0.015 < pos_rate < 0.035
    # Placeholders are shared by many unrelated records.
    assert Counter(pos)["13800000000"] > 20


def test_phone_formats(tables: dict[str, pa.Table]) -> None:
    written = [m for m in column(tables["crm_members"], "mobile") if m]
    assert 0.008 < rate([bool(FULL_WIDTH_DIGIT.search(m)) for m in written]) < 0.04
    assert any(re.fullmatch(r"\+86 1\d\d-\d{4}-\d{4}", m) for m in written)
    assert any(re.fullmatch(r"861\d{10}", m) for m in written)
    assert any(re.fullmatch(r"1\d\d \d{4} \d{4}", m) for m in written)
    assert any(m != m.strip() for m in written)


def test_email_mess(tables: dict[str, pa.Table]) -> None:
    emails = [e for e in column(tables["crm_members"], "email") if e]
    assert any(e != e.strip() for e in emails)
    assert any(e != e.lower() for e in emails)
    assert "test@test.com" in emails
    assert 0.01 < rate([e in set(mess.EMAIL_PLACEHOLDERS) for e in emails]) < 0.08


def test_typo_emails_never_stand_alone(tables: dict[str, pa.Table]) -> None:
    typo_domains = tuple(mess.EMAIL_DOMAIN_TYPOS.values())
    for source, phone_col in (("crm_members", "mobile"), ("ecom_accounts", "phone")):
        t = tables[source]
        for email, phone in zip(column(t, "email"), column(t, phone_col), strict=True):
            if email and email.strip().lower().endswith(typo_domains):
                assert digits_of(phone), (email, phone)


def test_exact_duplicate_rows(tables: dict[str, pa.Table]) -> None:
    for name in (
        "crm_members",
        "pos_transactions",
        "pos_transaction_lines",
        "ecom_orders",
        "app_events",
    ):
        t = tables[name]
        rows = list(zip(*(column(t, c) for c in t.column_names), strict=True))
        duplicate_share = 1 - len(set(rows)) / len(rows)
        assert 0.005 < duplicate_share < 0.02, name


def test_missing_keys_and_bad_dates(tables: dict[str, pa.Table]) -> None:
    receipts = tables["pos_transactions"]
    assert 0 < rate([k is None for k in column(receipts, "receipt_no")]) < 0.006
    times = column(tables["app_events"], "event_at")
    assert any(t is not None and re.fullmatch(r"1\d{12}", t) for t in times)
    assert any(t is not None and "T" in t and t.endswith("+08:00") for t in times)
    assert any(
        t is not None and re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d", t) for t in times
    )
    assert any(t in ("N/A", "", None) or (t or "").startswith("2025-13") for t in times)
    future = [
        t for t in times if t and t[:4].isdigit() and len(t) < 26 and t[:4] > "2026"
    ]
    assert 0 < len(future) < 0.005 * len(times)


def test_refunds_and_negative_lines(tables: dict[str, pa.Table]) -> None:
    receipts = tables["pos_transactions"]
    kinds = column(receipts, "transaction_type")
    originals = column(receipts, "original_receipt_no")
    sales = set(
        n
        for n, k in zip(column(receipts, "receipt_no"), kinds, strict=True)
        if k == "SALE"
    )
    refunds = [o for o, k in zip(originals, kinds, strict=True) if k == "REFUND"]
    # ~3% of sales, plus the final sales of churners (see test_churners_leave_...).
    assert 0.02 < len(refunds) / len(kinds) < 0.07
    assert sum(o in sales for o in refunds) > 0.98 * len(refunds)
    net = column(receipts, "net_amount")
    assert all(
        n.startswith("-") == (k == "REFUND") for n, k in zip(net, kinds, strict=True)
    )


def test_churners_final_sales_are_refunded() -> None:
    p = retail.make_persons(3000, SEED, retail.RETAIL)
    rng = np.random.default_rng(0)
    person = rng.integers(0, p.n, 20_000)
    t = rng.integers(retail.WINDOW_START, retail.WINDOW_END, len(person))
    last = retail._last_of_each(person, t)
    assert last.sum() == len(np.unique(person))
    for who in np.unique(person)[:50]:
        mine = np.flatnonzero(person == who)
        assert last[mine].tolist() == (t[mine] == t[mine].max()).tolist()
    refunded = retail._churn_refunds(p, person, t, SEED, "pos")
    assert not (refunded & ~(last & p.churned[person])).any()
    share = refunded.sum() / (last & p.churned[person]).sum()
    assert share == pytest.approx(retail.CHURN_LAST_ORDER_REFUND_RATE, abs=0.05)


def test_churners_leave_after_a_refund(tables: dict[str, pa.Table]) -> None:
    # The known churn behaviour: refunds concentrate on persons who churn.
    person_of = truth_by_record(tables, "pos_transactions", "person_id")
    persons = tables["persons"]
    churned = dict(
        zip(column(persons, "person_id"), column(persons, "is_churned"), strict=True)
    )
    receipts = tables["pos_transactions"]
    refunded_by = {
        person_of[o]
        for o, k in zip(
            column(receipts, "original_receipt_no"),
            column(receipts, "transaction_type"),
            strict=True,
        )
        if k == "REFUND" and o in person_of
    }
    buyers = set(person_of.values())
    churn_share = rate([churned[b] for b in buyers])
    assert rate([churned[b] for b in refunded_by]) > churn_share + 0.2
    churned_buyers = [b for b in buyers if churned[b]]
    assert rate([b in refunded_by for b in churned_buyers]) > 0.5


def test_amounts_add_up(tables: dict[str, pa.Table]) -> None:
    lines = tables["pos_transaction_lines"]
    gross: Counter[str] = Counter()
    seen = set()
    for row in zip(*(column(lines, c) for c in lines.column_names), strict=True):
        no, _, _, qty, unit, *_ = row
        if no is None or row in seen:
            continue
        seen.add(row)
        gross[no] += round(int(qty) * float(unit) * 100)
    receipts = tables["pos_transactions"]
    matches = [
        gross[no] == round(float(amount) * 100)
        for no, amount in zip(
            column(receipts, "receipt_no"),
            column(receipts, "gross_amount"),
            strict=True,
        )
        if no is not None
    ]
    # Receipts that lost a line to a missing key are the only mismatches.
    assert rate(matches) > 0.99
    orders = tables["ecom_orders"]
    for goods, coupon, fee, paid, status in zip(
        *(column(orders, c) for c in ("goods_amount", "coupon_amount", "shipping_fee",
                                      "paid_amount", "order_status")),
        strict=True,
    ):  # fmt: skip
        expected = float(goods) - float(coupon) + float(fee)
        assert float(paid) in (0.0, round(expected, 2)) or status == "cancelled"


def test_anonymous_receipts_and_devices(tables: dict[str, pa.Table]) -> None:
    receipts = tables["pos_transactions"]
    card = rate([c is not None for c in column(receipts, "member_card_no")])
    nothing = rate(
        [
            c is None and digits_of(p) == ""
            for c, p in zip(
                column(receipts, "member_card_no"),
                column(receipts, "customer_phone"),
                strict=True,
            )
        ]
    )
    assert 0.50 < card < 0.60
    assert 0.20 < nothing < 0.30
    truth = tables["record_truth"]
    devices = [
        u
        for s, u in zip(
            column(truth, "source_table"),
            column(truth, "has_usable_identifier"),
            strict=True,
        )
        if s == "app_devices"
    ]
    assert 0 < devices.count(False) < len(devices)


def test_test_and_staff_accounts(tables: dict[str, pa.Table]) -> None:
    crm = tables["crm_members"]
    tiers = Counter(column(crm, "member_tier"))
    assert tiers["EMP"] > 0
    names = column(crm, "member_name")
    test_rows = [i for i, n in enumerate(names) if n in retail.names.TEST_ACCOUNT_NAMES]
    assert test_rows
    mobiles = column(crm, "mobile")
    assert all(
        mobiles[i] is None or mobiles[i] in PHONE_PLACEHOLDERS for i in test_rows
    )


def test_volumes_per_person(tables: dict[str, pa.Table]) -> None:
    orders = tables["pos_transactions"].num_rows + tables["ecom_orders"].num_rows
    lines = (
        tables["pos_transaction_lines"].num_rows + tables["ecom_order_lines"].num_rows
    )
    # ~8M receipts+orders and ~20M lines per 1M persons.
    assert 6.5 < orders / N < 9.5
    assert 16 < lines / N < 24
    assert (
        10
        < tables["app_events"].num_rows
        / sum(column(tables["persons"], "has_app_device"))
        < 20
    )


# --- pure functions -------------------------------------------------------------------


def test_text_building() -> None:
    assert money(np.array([1234, -5, 0])).to_pylist() == ["12.34", "-0.05", "0.00"]
    assert integers(np.array([3, -2, 10])).to_pylist() == ["3", "-2", "10"]
    assert integers(np.array([0, 123456789])).to_pylist() == ["0", "123456789"]
    built = build(
        3,
        Lit("<", np.array([True, False, True])),
        Num(np.array([7, 42, 13800138000]), 3, wide=np.array([False, True, False])),
        Pick(np.array([1, 0, 1]), ["", "号"]),
        Text(pa.array(["a", None, "张"])),
        null=np.array([False, False, True]),
    )
    assert built.to_pylist() == ["<007号a", "０４２", None]


def test_phone_styles() -> None:
    rng = np.random.default_rng(0)
    phones = np.full(4000, 13800138000)
    fake = np.zeros(4000, dtype=bool)
    fake[:100] = True
    out = mess.phone_text(phones, rng, placeholder=fake).to_pylist()
    assert all(p in PHONE_PLACEHOLDERS for p in out[:100])
    forms = Counter(out[100:])
    for form in (
        "13800138000",
        "+86 138-0013-8000",
        "8613800138000",
        "+8613800138000",
        "138 0013 8000",
        "138-0013-8000",
    ):
        assert forms[form] > 20, form
    assert all(digits_of(p) == "13800138000" for p in out[100:])


def test_card_and_timestamp_styles() -> None:
    rng = np.random.default_rng(0)
    cards = mess.card_text(np.array([12345678] * 400), rng, (0.25, 0.25, 0.25, 0.25))
    assert set(cards.to_pylist()) == {
        "VIP0012345678",
        "vip0012345678",
        "0012345678",
        "VIP 001 234 5678",
    }
    t = int(np.datetime64("2025-03-01T09:05:07", "s").astype(np.int64))
    stamps = mess.timestamp_text(
        np.array([t] * 400),
        rng,
        style_weights=(1, 1, 1, 1),
        malformed_rate=0.0,
        future_rate=0.0,
    ).to_pylist()
    assert set(stamps) >= {
        "2025-03-01 09:05:07",
        "2025/03/01 09:05",
        "2025-03-01T09:05:07+08:00",
    }
    epoch = [s for s in stamps if s.isdigit()]
    assert epoch and all(int(s) // 1000 == t - 8 * 3600 for s in epoch)


def test_names() -> None:
    n = 2000
    rng = np.random.default_rng(3)
    en = np.arange(n) % 2 == 0
    style = np.where(
        en,
        mess.choose(rng, mess.EN_NAME_STYLE_WEIGHTS, n),
        mess.choose(rng, mess.ZH_NAME_STYLE_WEIGHTS, n),
    )
    zeros = np.zeros(n, dtype=np.int64)
    written = mess.name_text(en, zeros, zeros, zeros - 1, zeros, zeros, style)
    forms = set(written.to_pylist())
    assert {"王伟", "王 伟", "David Zhang", "Zhang David", "ZHANG David"} <= forms
    assert "Ｄａｖｉｄ\u3000Ｚｈａｎｇ" in forms
    assert mess.name_text(
        en[:2], zeros[:2], zeros[:2], zeros[:2] - 1, zeros[:2], zeros[:2]
    ).to_pylist() == ["David Zhang", "王伟"]


def test_unique_integers() -> None:
    values = unique_integers(np.random.default_rng(0), 5000, 0, 12000)
    assert len(set(values.tolist())) == 5000
    assert values.min() >= 0 and values.max() < 12000


# --- structure and CLI ----------------------------------------------------------------


def _python_calls(n: int) -> int:
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        for _ in retail.generate(n, 3):
            pass
    finally:
        sys.setprofile(None)
    return calls


def test_generation_is_vectorised() -> None:
    """Python-level calls barely grow with the number of persons: the work is done in
    numpy/pyarrow over whole columns, which is what makes N = 1,000,000 feasible."""
    _python_calls(50)  # warm up: first calls import and cache lazily
    small, large = _python_calls(300), _python_calls(3000)
    assert large < 1.5 * small, (small, large)


def test_registry_and_unknown_industry() -> None:
    assert "retail" in INDUSTRIES
    with pytest.raises(ValueError, match="unknown industry"):
        generate_tables("space_travel", 10, 1)


@pytest.mark.parametrize(
    "argv",
    [
        ["--customers", "0"],
        ["--customers", "ten"],
        ["--seed", "-3"],
        ["--format", "xlsx"],
        ["--industry", "space_travel"],
    ],
)
def test_cli_rejects_bad_arguments(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


def test_cli_writes_and_replaces_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "raw" / "retail" / "old_table.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("x\n")
    argv = ["--customers", "150", "--seed", "1", "--out", str(tmp_path)]
    assert main([*argv, "--format", "parquet"]) == 0
    printed = capsys.readouterr().out
    assert "pos_transactions.parquet" in printed and " rows in " in printed
    assert not stale.exists()
    raw = sorted(p.name for p in (tmp_path / "raw" / "retail").iterdir())
    assert raw == sorted(f"{t}.parquet" for t in retail_contract())
    assert pq.read_table(tmp_path / "raw" / "retail" / "products.parquet").num_rows
    truth = sorted(p.name for p in (tmp_path / "truth" / "retail").iterdir())
    assert truth == ["campaign_uplift.csv", "persons.csv", "record_truth.csv"]
    assert main([*argv, "--format", "csv"]) == 0
    crm = pa_csv.read_csv(tmp_path / "raw" / "retail" / "crm_members.csv")
    assert crm.num_rows > 100
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []
