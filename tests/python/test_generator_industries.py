"""Tests for the non-retail industry profiles of the demo-data generator.

Each industry writes the core tables of docs/input_contract.md (same columns, same
messiness, same ground truth) plus its extension tables (the contract's section for the
industry), and a person_latent truth table whose hidden attributes must actually drive
the extension facts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from test_generator import contract_columns, digits_of

from huaxiang.generator import INDUSTRIES, generate_tables, retail
from huaxiang.generator.output import write_dataset

N = 1500
SEED = 11
NEW_INDUSTRIES = (
    "finance",
    "manufacturing",
    "healthcare",
    "internet",
    "education",
    "b2b",
)
REPO = Path(__file__).resolve().parents[2]
STANDARD_VALUES = REPO / "seeds" / "standard_values.csv"


def column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist()


@pytest.fixture(scope="module", params=NEW_INDUSTRIES)
def industry(request: pytest.FixtureRequest) -> str:
    return request.param


_CACHE: dict[str, dict[str, pa.Table]] = {}


def tables_of(industry: str) -> dict[str, pa.Table]:
    if industry not in _CACHE:
        out = generate_tables(industry, N, SEED)
        _CACHE[industry] = {name: item.table for (_, name), item in out.items()}
    return _CACHE[industry]


@pytest.fixture(scope="module")
def tables(industry: str) -> dict[str, pa.Table]:
    return tables_of(industry)


def standard_values() -> dict[str, set[str]]:
    """domain -> raw values (lower-cased) mapped by seeds/standard_values.csv."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in STANDARD_VALUES.read_text(encoding="utf-8").splitlines()[1:]:
        domain, raw, _ = line.split(",")
        out[domain].add(raw)
    return out


def person_of(tables: dict[str, pa.Table]) -> dict[str, dict[str, str]]:
    """record_truth as {source_table: {record_id: person_id}}."""
    truth = tables["record_truth"]
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, r, p in zip(
        column(truth, "source_table"),
        column(truth, "record_id"),
        column(truth, "person_id"),
        strict=True,
    ):
        out[s][r] = p
    return out


def extension_person(tables: dict[str, pa.Table], table: str) -> list[str | None]:
    """True person of each extension row, from its member_id or account_id."""
    truth = person_of(tables)
    t = tables[table]
    return [
        truth["crm_members"].get(m) if m else truth["ecom_accounts"].get(a)
        for m, a in zip(column(t, "member_id"), column(t, "account_id"), strict=True)
    ]


def latent(tables: dict[str, pa.Table]) -> dict[str, dict]:
    t = tables["person_latent"]
    ids = column(t, "person_id")
    return {
        name: dict(zip(ids, column(t, name), strict=True))
        for name in t.column_names
        if name != "person_id"
    }


# --- shape ----------------------------------------------------------------------------


def test_industries_are_registered() -> None:
    for name in NEW_INDUSTRIES:
        assert name in INDUSTRIES
    seed = (REPO / "seeds" / "industries.csv").read_text(encoding="utf-8")
    codes = {line.split(",")[0] for line in seed.splitlines()[1:] if line}
    assert set(INDUSTRIES) == codes, "generator and seeds/industries.csv differ"


def test_core_and_extension_tables_follow_the_contract(
    industry: str, tables: dict[str, pa.Table]
) -> None:
    expected = {**contract_columns(), **contract_columns(f"(`{industry}`)")}
    assert len(expected) > len(contract_columns()), "no contract section"
    for name, columns in expected.items():
        assert name in tables, f"{industry}: missing table {name}"
        assert tables[name].column_names == columns, (industry, name)
        assert all(f.type == pa.string() for f in tables[name].schema), name
    raw = {n for (n, t) in tables.items() if n not in ("record_truth", "persons")}
    assert raw - {"person_latent", "company_latent"} == set(expected), industry


def test_same_seed_gives_identical_files(tmp_path: Path, industry: str) -> None:
    def write(out: Path, seed: int) -> dict[str, bytes]:
        write_dataset(
            INDUSTRIES[industry](300, seed), out, industry, "csv", log=lambda _: None
        )
        return {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    first, again, other = (
        write(tmp_path / "a", 5),
        write(tmp_path / "b", 5),
        write(tmp_path / "c", 6),
    )
    assert first == again
    assert f"truth/{industry}/person_latent.csv" in first
    changed = [k for k in first if first[k] != other.get(k)]
    assert len(changed) >= len(first) - 1  # pos_stores depends on the seed only weakly


def test_retail_profile_keeps_the_retail_dressing() -> None:
    """Retail goes through the same engine with its own profile: retail event types,
    no extension tables, no latent truth."""
    out = generate_tables("retail", 200, 3)
    events = set(column(out[("raw", "app_events")].table, "event_type"))
    assert events <= set(retail.APP_EVENT_TYPES)
    assert "person_latent" not in {name for (_, name) in out}


def test_dressing_differs_from_retail(industry: str, tables: dict[str, pa.Table]):
    retail_categories = set(retail.CATEGORIES)
    categories = set(column(tables["products"], "category"))
    assert categories and not categories & retail_categories
    store_types = set(column(tables["pos_stores"], "store_type"))
    assert not store_types & set(retail.STORE_TYPES)
    mapped = standard_values()
    assert store_types <= mapped["store_type"]
    events = set(column(tables["app_events"], "event_type"))
    assert events - set(retail.APP_EVENT_TYPES), "no industry event type"
    assert events <= mapped["event_type"], "event types must be mapped in the seed"


# --- messiness ------------------------------------------------------------------------


def test_core_messiness_is_present(tables: dict[str, pa.Table]) -> None:
    phones = column(tables["crm_members"], "mobile")
    assert any(p and "+86" in p for p in phones)
    assert any(p and re.search("[０-９]", p) for p in phones)
    assert any(p and digits_of(p) == "" for p in phones), "no placeholder"
    ids = column(tables["crm_members"], "member_id")
    assert None in ids, "no missing key"
    assert len(set(ids)) < len(ids), "no duplicate rows"


def test_extension_messiness_is_present(
    industry: str, tables: dict[str, pa.Table]
) -> None:
    mapped = standard_values()
    coded = {
        "finance": [
            ("finance_holdings", "product_type", "holding_product_type"),
            ("finance_risk_assessments", "risk_level", "risk_level"),
            ("finance_credit_accounts", "product_type", "credit_product_type"),
        ],
        "manufacturing": [
            ("manufacturing_devices", "purchase_channel", "purchase_channel"),
            ("manufacturing_devices", "usage_scenario", "usage_scenario"),
            ("manufacturing_service_tickets", "ticket_type", "ticket_type"),
        ],
        "healthcare": [
            ("healthcare_visits", "department", "department"),
            ("healthcare_conditions", "condition_code", "chronic_condition"),
            ("healthcare_lab_results", "test_code", "lab_test"),
            ("healthcare_lab_results", "abnormal_flag", "abnormal_flag"),
            ("healthcare_follow_ups", "channel", "follow_up_channel"),
        ],
        "internet": [
            ("internet_sessions", "content_category", "content_category"),
            ("internet_social_actions", "action_type", "social_action"),
        ],
        "education": [
            ("education_interactions", "interaction_type", "interaction_type"),
        ],
        "b2b": [
            ("b2b_companies", "sector", "company_sector"),
            ("b2b_contacts", "role", "contact_role"),
            ("b2b_subscriptions", "plan", "subscription_plan"),
        ],
    }[industry]
    for table, col, domain in coded:
        values = [v for v in column(tables[table], col) if v is not None]
        spellings = {v.strip().lower() for v in values}
        assert len(spellings & mapped[domain]) >= 3, (table, col, "one spelling")
        unmapped = spellings - mapped[domain]
        if len(values) > 1000:  # unmapped values come at 0.3%
            assert unmapped, (table, col, "no unmapped values to quarantine")
        assert sum(v.lower() not in mapped[domain] for v in values) < 0.02 * len(values)
    for name in contract_columns(f"(`{industry}`)"):
        t = tables[name]
        key = t.column_names[0]
        keys = column(t, key)
        if t.num_rows < 1000:  # duplicates come at 1%
            continue
        if name.endswith("telemetry"):
            pairs = list(zip(keys, column(t, "reading_date"), strict=True))
            assert len(set(pairs)) < len(pairs), name
        else:
            assert len(set(keys)) < len(keys), f"{name}: no duplicate rows"
        # Keys go missing at 0.2%: only tables of a few thousand rows show it.
        if t.num_rows > 3000:
            assert None in keys, f"{name}: no missing key"


# --- truth ----------------------------------------------------------------------------


def test_truth_is_consistent_with_raw(tables: dict[str, pa.Table]) -> None:
    persons = set(column(tables["persons"], "person_id"))
    assert set(column(tables["person_latent"], "person_id")) == persons
    truth = person_of(tables)
    written = set(column(tables["crm_members"], "member_id")) - {None}
    assert written == set(truth["crm_members"])


def test_extension_rows_reference_core_records(
    industry: str, tables: dict[str, pa.Table]
) -> None:
    for name in contract_columns(f"(`{industry}`)"):
        t = tables[name]
        if "member_id" not in t.column_names:
            continue
        people = extension_person(tables, name)
        resolved = sum(p is not None for p in people)
        # Only blanked references and blanked CRM keys fail to resolve.
        assert resolved > 0.98 * len(people), (name, resolved, len(people))


def test_finance_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("finance")
    hidden = latent(tables)
    # Delinquency-prone persons are past due more often.
    credit = tables["finance_credit_accounts"]
    people = extension_person(tables, "finance_credit_accounts")
    prone = {p: v > 0.2 for p, v in hidden["delinquency_propensity"].items()}
    past_due: dict[bool, list[int]] = {True: [], False: []}
    for p, dpd in zip(people, column(credit, "days_past_due"), strict=True):
        if p is not None and dpd and dpd.isdigit():
            past_due[prone[p]].append(int(dpd) > 0)
    assert np.mean(past_due[True]) > 2 * np.mean(past_due[False])
    # Assessed risk levels follow the true appetite (exact in most questionnaires).
    assessments = tables["finance_risk_assessments"]
    people = extension_person(tables, "finance_risk_assessments")
    hits = [
        level.upper() == hidden["true_risk_appetite"][p]
        for p, level in zip(people, column(assessments, "risk_level"), strict=True)
        if p is not None and re.fullmatch("[Cc][1-5]", level or "")
    ]
    assert 0.75 < np.mean(hits) < 0.95
    # Aggressive persons hold funds more often than conservative ones.
    holdings = tables["finance_holdings"]
    people = extension_person(tables, "finance_holdings")
    fund_holders = {
        p
        for p, t in zip(people, column(holdings, "product_type"), strict=True)
        if p is not None and t and t.lower() in ("fund", "基金")
    }
    by_level: dict[str, list[bool]] = defaultdict(list)
    for p, level in hidden["true_risk_appetite"].items():
        by_level[level].append(p in fund_holders)
    assert np.mean(by_level["C5"]) > np.mean(by_level["C1"]) + 0.3
    # Leaving customers' balances drop between the snapshots.
    dates = column(holdings, "snapshot_date")
    balance = column(holdings, "balance")
    aum: dict[tuple[str, str], float] = defaultdict(float)
    for p, d, b in zip(people, dates, balance, strict=True):
        if p is None or d not in ("2026-03-31", "2026-06-30"):
            continue
        try:
            aum[(p, d)] += float(b.replace("¥", "").replace(",", ""))
        except ValueError:
            continue
    ratio = defaultdict(list)
    for p, leaving in hidden["is_leaving"].items():
        before, after = aum.get((p, "2026-03-31")), aum.get((p, "2026-06-30"))
        if before and after is not None:
            ratio[leaving].append(after / before)
    assert np.median(ratio[True]) < 0.5 < np.median(ratio[False])


def test_manufacturing_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("manufacturing")
    hidden = latent(tables)
    devices = tables["manufacturing_devices"]
    owner = dict(
        zip(
            column(devices, "serial_no"),
            extension_person(tables, "manufacturing_devices"),
            strict=True,
        )
    )
    # Fault-prone owners' devices report more errors.
    telemetry = tables["manufacturing_device_telemetry"]
    errors: dict[bool, list[int]] = {True: [], False: []}
    for serial, count in zip(
        column(telemetry, "serial_no"), column(telemetry, "error_count"), strict=True
    ):
        p = owner.get(serial)
        if p is not None and count and count.isdigit():
            errors[hidden["fault_propensity"][p] > 0.2].append(int(count))
    assert np.mean(errors[True]) > 2 * np.mean(errors[False])
    # Satisfied customers give higher NPS answers; fault-prone ones open repairs.
    tickets = tables["manufacturing_service_tickets"]
    nps: dict[bool, list[int]] = {True: [], False: []}
    repairs: dict[str, int] = defaultdict(int)
    for serial, kind, score in zip(
        column(tickets, "serial_no"),
        column(tickets, "ticket_type"),
        column(tickets, "nps_score"),
        strict=True,
    ):
        p = owner.get(serial)
        if p is None:
            continue
        if score and score.isdigit():
            nps[hidden["satisfaction"][p] > 0.7].append(int(score))
        if kind and kind.lower() in ("repair", "维修"):
            repairs[p] += 1
    assert np.mean(nps[True]) > np.mean(nps[False]) + 2
    owners = {p for p in owner.values() if p is not None}
    prone = [repairs[p] for p in owners if hidden["fault_propensity"][p] > 0.2]
    calm = [repairs[p] for p in owners if hidden["fault_propensity"][p] < 0.05]
    assert np.mean(prone) > 3 * np.mean(calm)
    # Commercial users register commercial usage.
    written = defaultdict(list)
    for serial, scenario in zip(
        column(devices, "serial_no"), column(devices, "usage_scenario"), strict=True
    ):
        p = owner.get(serial)
        if p is not None and scenario:
            written[hidden["true_usage_scenario"][p]].append(
                scenario.lower() in ("commercial", "商用")
            )
    assert np.mean(written["commercial"]) > 0.95 > 0.05 > np.mean(written["home"])
    # Repurchase-prone owners register more devices.
    count = defaultdict(int)
    for p in owner.values():
        if p is not None:
            count[p] += 1
    keen = [count[p] for p in owners if hidden["repurchase_propensity"][p] > 0.6]
    reluctant = [count[p] for p in owners if hidden["repurchase_propensity"][p] < 0.1]
    assert np.mean(keen) > np.mean(reluctant)


def test_healthcare_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("healthcare")
    hidden = latent(tables)
    codes = {p: set(filter(None, c.split(";"))) for p, c in
             hidden["chronic_condition_codes"].items()}  # fmt: skip
    # Condition records name exactly the person's true conditions (codes only).
    conditions = tables["healthcare_conditions"]
    people = extension_person(tables, "healthcare_conditions")
    for p, code in zip(people, column(conditions, "condition_code"), strict=True):
        if p is not None and code.lower() in standard_values()["chronic_condition"]:
            assert code[:3].upper() in codes[p], (p, code)
    assert "diagnosis" not in " ".join(conditions.column_names)
    # Chronic patients have more abnormal results.
    labs = tables["healthcare_lab_results"]
    people = extension_person(tables, "healthcare_lab_results")
    abnormal: dict[bool, list[bool]] = {True: [], False: []}
    for p, flag in zip(people, column(labs, "abnormal_flag"), strict=True):
        if p is not None and flag:
            abnormal[bool(codes[p])].append(flag not in ("N", "n", "正常"))
    assert np.mean(abnormal[True]) > 2 * np.mean(abnormal[False])
    # Compliant patients complete more follow-ups.
    follow_ups = tables["healthcare_follow_ups"]
    people = extension_person(tables, "healthcare_follow_ups")
    done: dict[bool, list[bool]] = {True: [], False: []}
    for p, completed in zip(people, column(follow_ups, "completed_date"), strict=True):
        if p is not None:
            done[hidden["follow_up_compliance"][p] > 0.6].append(completed is not None)
    assert np.mean(done[True]) > np.mean(done[False]) + 0.3
    # Patients with conditions visit more often.
    visits = extension_person(tables, "healthcare_visits")
    count: dict[str, int] = defaultdict(int)
    for p in visits:
        if p is not None:
            count[p] += 1
    sick = [count[p] for p in count if codes[p]]
    healthy = [count[p] for p in count if not codes[p]]
    assert np.mean(sick) > 1.5 * np.mean(healthy)


def _local_hour(text: str) -> int | None:
    """Hour of a written local timestamp (epoch ms are UTC: add 8 hours)."""
    if text.isdigit():
        return (int(text) // 3_600_000 + 8) % 24
    m = re.search(r"[ T](\d{2}):", text)
    return int(m.group(1)) if m else None


def test_internet_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("internet")
    hidden = latent(tables)
    sessions = tables["internet_sessions"]
    people = extension_person(tables, "internet_sessions")
    count: dict[str, int] = defaultdict(int)
    evening: dict[str, list[bool]] = defaultdict(list)
    for p, started in zip(people, column(sessions, "started_at"), strict=True):
        if p is None:
            continue
        count[p] += 1
        hour = _local_hour(started or "")
        if hour is not None:
            evening[hidden["preferred_time_slot"][p]].append(18 <= hour < 22)
    rate = hidden["sessions_per_day"]
    heavy = [count[p] for p in rate if rate[p] > 1.5]
    light = [count[p] for p in rate if 0 < rate[p] < 0.3]
    assert np.mean(heavy) > 5 * np.mean(light)
    assert np.mean(evening["evening"]) > 0.6 > 0.3 > np.mean(evening["morning"])
    # Influential users share and invite more.
    actions = tables["internet_social_actions"]
    people = extension_person(tables, "internet_social_actions")
    spread: dict[str, int] = defaultdict(int)
    for p, kind in zip(people, column(actions, "action_type"), strict=True):
        if (
            p is not None
            and kind
            and kind.lower() in ("share", "invite", "分享", "邀请")
        ):
            spread[p] += 1
    social = hidden["social_influence"]
    high = [spread[p] for p in social if social[p] > 0.6]
    low = [spread[p] for p in social if social[p] < 0.1]
    assert np.mean(high) > 5 * np.mean(low)
    # Responsive users open more pushes.
    pushes = tables["internet_push_messages"]
    people = extension_person(tables, "internet_push_messages")
    opened: dict[bool, list[bool]] = {True: [], False: []}
    for p, at in zip(people, column(pushes, "opened_at"), strict=True):
        if p is not None:
            opened[hidden["push_responsiveness"][p] > 0.4].append(at is not None)
    assert np.mean(opened[True]) > 2 * np.mean(opened[False])


def test_education_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("education")
    hidden = latent(tables)
    sessions = tables["education_study_sessions"]
    people = extension_person(tables, "education_study_sessions")
    minutes: dict[tuple[str, str], int] = defaultdict(int)
    for p, started, m in zip(
        people,
        column(sessions, "started_at"),
        column(sessions, "study_minutes"),
        strict=True,
    ):
        if p is None or not m or not m.isdigit() or not started:
            continue
        if started.isdigit():  # epoch ms (UTC): local day at UTC+8
            day = str((int(started) // 1000 + 8 * 3600) // 86400)
        else:
            day = re.split("[ T]", started)[0].replace("/", "-")
        minutes[(p, day)] += int(m)
    # Study days and daily minutes follow the latent diligence.
    days: dict[str, int] = defaultdict(int)
    per_day: dict[str, list[int]] = defaultdict(list)
    for (p, _), m in minutes.items():
        days[p] += 1
        per_day[p].append(m)
    rate = hidden["study_day_rate"]
    keen = [days[p] for p in rate if rate[p] > 0.6]
    idle = [days[p] for p in rate if 0 < rate[p] < 0.25]
    assert np.mean(keen) > 2.5 * np.mean(idle)
    long_days = hidden["minutes_per_study_day"]
    long = [np.mean(per_day[p]) for p in per_day if long_days[p] > 60]
    short = [np.mean(per_day[p]) for p in per_day if long_days[p] < 25]
    assert np.mean(long) > 2 * np.mean(short)
    # Some learners pass the 30-minute daily bar often (the active-learner rule has
    # positives), others never do.
    over = [np.mean([m > 30 for m in per_day[p]]) for p in per_day]
    assert max(over) == 1.0 and min(over) == 0.0
    # Sociable learners interact more; renewal-prone learners renew more.
    inter = extension_person(tables, "education_interactions")
    count: dict[str, int] = defaultdict(int)
    for p in inter:
        if p is not None:
            count[p] += 1
    social = hidden["sociability"]
    assert np.mean([count[p] for p in days if social[p] > 0.6]) > 2 * np.mean(
        [count[p] for p in days if social[p] < 0.2]
    )
    enrolments = extension_person(tables, "education_enrollments")
    courses: dict[str, int] = defaultdict(int)
    for p in enrolments:
        if p is not None:
            courses[p] += 1
    renewal = hidden["renewal_propensity"]
    assert np.mean([courses[p] for p in courses if renewal[p] > 0.7]) > np.mean(
        [courses[p] for p in courses if renewal[p] < 0.2]
    )


def test_b2b_latent_attributes_drive_the_facts() -> None:
    tables = tables_of("b2b")
    hidden = latent(tables)
    company = tables["company_latent"]
    health = dict(
        zip(
            column(company, "company_id"),
            column(company, "account_health"),
            strict=True,
        )
    )
    risk = dict(
        zip(column(company, "company_id"), column(company, "renewal_risk"), strict=True)
    )
    # Contacts name the company and role the person truly has.
    contacts = tables["b2b_contacts"]
    people = extension_person(tables, "b2b_contacts")
    roles = {"admin": "admin", "管理员": "admin", "champion": "champion"}
    for p, c, role in zip(
        people, column(contacts, "company_id"), column(contacts, "role"), strict=True
    ):
        if p is not None:
            assert hidden["company_id"][p] == c
            if role in roles:
                assert hidden["role"][p] == roles[role]
    # Healthy companies use more of their seats; risky ones are not renewed.
    subs = tables["b2b_subscriptions"]
    utilisation: dict[bool, list[float]] = {True: [], False: []}
    current: dict[str, bool] = defaultdict(bool)
    for c, bought, used, end in zip(
        column(subs, "company_id"),
        column(subs, "seats_purchased"),
        column(subs, "seats_active"),
        column(subs, "end_date"),
        strict=True,
    ):
        if c is None or not used.isdigit():
            continue
        utilisation[health[c] > 0.6].append(int(used) / int(bought))
        day = (end or "").replace("/", "-")
        current[c] |= bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)) and day >= (
            "2026-06-30"
        )
    assert np.mean(utilisation[True]) > np.mean(utilisation[False]) + 0.15
    at_risk = [current[c] for c in risk if risk[c]]
    safe = [current[c] for c in risk if not risk[c]]
    assert np.mean(safe) > np.mean(at_risk) + 0.2
