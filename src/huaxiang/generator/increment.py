"""Append "the next day" of data to a generated raw folder (incremental refresh demo).

    python -m huaxiang.generator --next-day --industry retail --out data [--seed 42]

reads the raw files written by the generator (`<out>/raw/<industry>/`), appends one
more business day of records and advances the folder's as-of date, kept in
`<out>/raw/<industry>/as_of_date.txt` (absent = the generator's AS_OF_DATE; the Makefile
exports it as HUAXIANG_AS_OF_DATE). The new day holds about `fraction` of the existing
POS receipts, e-commerce orders and app events as new rows (copies of sampled rows with
new keys and times, lines included) and:

- late-arriving rows: a share (`late_share`) of the new rows is dated 1 to
  `late_max_days` days before the new day (within the default dbt lookback,
  var incremental_lookback_days);
- optionally one POS receipt dated `late_beyond_days` before the new day, to show that
  a row later than the lookback is reported (tests use it);
- new identifiers joining existing persons: a new e-commerce account registered with
  the mobile of an existing CRM member (and one order from it), and a new app device
  logging into an existing e-commerce account;
- one receipt that links two existing persons: the loyalty card of one CRM member with
  the mobile of another (a family member paying with the partner's card).

Ground truth (`<out>/truth/<industry>/record_truth.csv`) gets the new records. The same
folder and seed always give the same next day. Appended rows carry the new day's
`_loaded_at` (when the file has that loader column), so staging reads only them. CSV
files are appended in place; Parquet files are rewritten (written aside, then renamed)
with the new rows in row groups of their own, whose `_loaded_at` statistics let the
reader skip the old ones.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from huaxiang.generator.output import LOADED_AT_COLUMN, with_loaded_at
from huaxiang.generator.retail import AS_OF_DATE

AS_OF_FILE = "as_of_date.txt"
PLAIN_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
PLAIN_CARD = re.compile(r"^VIP[0-9]{10}$")
# Tables the next day appends to (others stay as they are).
ORDER_TABLES = {
    "pos_transactions": ("receipt_no", "transacted_at", "pos_transaction_lines"),
    "ecom_orders": ("order_id", "ordered_at", "ecom_order_lines"),
}


@dataclass(frozen=True)
class NextDay:
    """What one call appended."""

    as_of_date: str
    rows: dict[str, int]
    linked_cards: tuple[str, str]  # (card of person A, mobile of person B)
    linked_members: tuple[str, str]  # CRM member ids of A and B
    joined: tuple[str, str]  # (new e-commerce account, CRM member whose mobile it has)
    late_beyond_key: str | None


def read_as_of_date(raw_dir: Path) -> dt.date:
    """The raw folder's business date: as_of_date.txt, else the generator's default."""
    path = raw_dir / AS_OF_FILE
    if not path.exists():
        return dt.date.fromisoformat(AS_OF_DATE)
    text = path.read_text(encoding="utf-8").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{path}: expected a date YYYY-MM-DD, got {text!r}; fix or delete the file "
            f"(without it the as-of date is {AS_OF_DATE})"
        ) from None


def _read(raw_dir: Path, table: str, file_format: str) -> pa.Table:
    path = raw_dir / f"{table}.{file_format}"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: generate the data first "
            "(make data, or python -m huaxiang.generator without --next-day)"
        )
    if file_format == "parquet":
        return pq.read_table(path)
    header = path.open(encoding="utf-8").readline().strip().split(",")
    names = [h.strip('"') for h in header]
    return pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def _append(
    raw_dir: Path,
    table: str,
    file_format: str,
    rows: pa.Table,
    business_date: dt.date | None = None,
) -> None:
    """Append `rows` to a raw table; with `business_date`, set their `_loaded_at`
    (files written before the loader column existed are left without it)."""
    path = raw_dir / f"{table}.{file_format}"
    if file_format == "parquet":
        schema = pq.read_schema(path)
        if business_date is not None and LOADED_AT_COLUMN in schema.names:
            rows = with_loaded_at(rows, business_date)
        aside = path.with_name(f".{path.name}.next")
        with pq.ParquetWriter(aside, schema, compression="zstd") as writer:
            writer.write_table(pq.read_table(path), row_group_size=1 << 20)
            writer.write_table(rows.cast(schema), row_group_size=1 << 20)
        os.replace(aside, path)
        return
    if business_date is not None and LOADED_AT_COLUMN in rows.column_names:
        rows = with_loaded_at(rows, business_date)
    buffer = io.BytesIO()
    pa_csv.write_csv(rows, buffer, pa_csv.WriteOptions(include_header=False))
    with path.open("ab") as handle:
        handle.write(buffer.getvalue())


def _local_times(rng: np.random.Generator, days: list[dt.date]) -> list[str]:
    """A time of day between 08:00 and 22:00 on each day, as local text."""
    seconds = rng.integers(8 * 3600, 22 * 3600, len(days))
    return [
        (dt.datetime.combine(d, dt.time()) + dt.timedelta(seconds=int(s))).strftime(
            "%Y-%m-%d %H:%M:%S"
        )
        for d, s in zip(days, seconds, strict=True)
    ]


def _days(
    rng: np.random.Generator,
    n: int,
    new_day: dt.date,
    late_share: float,
    late_max_days: int,
) -> list[dt.date]:
    late = rng.random(n) < late_share
    back = rng.integers(1, max(late_max_days, 1) + 1, n)
    return [
        new_day - dt.timedelta(days=int(b)) if is_late else new_day
        for is_late, b in zip(late, back, strict=True)
    ]


def _sample(rng: np.random.Generator, table: pa.Table, n: int) -> pa.Table:
    return table.take(np.sort(rng.choice(table.num_rows, n, replace=False)))


def _set(table: pa.Table, column: str, values: list) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, pa.string()))


def _lines_for(
    lines: pa.Table, key: str, old_keys: list[str], new_keys: list[str]
) -> pa.Table:
    """Lines of the sampled orders, re-keyed to the new order keys."""
    mapping = dict(zip(old_keys, new_keys, strict=True))
    keys = lines.column(key).to_pylist()
    picked = [i for i, k in enumerate(keys) if k in mapping]
    chosen = lines.take(picked)
    return _set(chosen, key, [mapping[k] for k in chosen.column(key).to_pylist()])


def _one_row(template: pa.Table, values: dict[str, str | None]) -> pa.Table:
    return pa.table(
        {
            field.name: pa.array([values.get(field.name)], field.type)
            for field in template.schema
        }
    )


def append_next_day(
    out_dir: Path,
    industry: str = "retail",
    file_format: str = "csv",
    seed: int = 42,
    fraction: float = 0.01,
    late_share: float = 0.1,
    late_max_days: int = 2,
    late_beyond_days: int | None = None,
    log=print,
) -> NextDay:
    """Append the next business day to `<out_dir>/raw/<industry>` (see module doc)."""
    raw_dir = out_dir / "raw" / industry
    truth_path = out_dir / "truth" / industry / "record_truth.csv"
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    as_of = read_as_of_date(raw_dir)
    new_day = as_of + dt.timedelta(days=1)
    tag = new_day.strftime("%y%m%d")
    rng = np.random.default_rng([seed, new_day.toordinal()])
    rows: dict[str, int] = {}
    truth: list[tuple[str, str, str]] = []
    truth_table = _read(truth_path.parent, "record_truth", "csv")
    person_of = {
        (t, r): p
        for t, r, p in zip(
            truth_table.column("source_table").to_pylist(),
            truth_table.column("record_id").to_pylist(),
            truth_table.column("person_id").to_pylist(),
            strict=True,
        )
    }

    # Orders and their lines: sampled copies with new keys on the new day (some late).
    for table, (key, at_column, lines_table) in ORDER_TABLES.items():
        orders = _read(raw_dir, table, file_format)
        if table == "pos_transactions":
            is_sale = [
                v == "SALE" for v in orders.column("transaction_type").to_pylist()
            ]
            orders = orders.filter(pa.array(is_sale))
        n = max(1, round(fraction * orders.num_rows))
        sample = _sample(rng, orders, n)
        old_keys = sample.column(key).to_pylist()
        prefix = "RN" if table == "pos_transactions" else "EN"
        new_keys = [f"{prefix}{tag}{i:06d}" for i in range(1, n + 1)]
        times = _local_times(rng, _days(rng, n, new_day, late_share, late_max_days))
        new = _set(_set(sample, key, new_keys), at_column, times)
        if table == "ecom_orders":
            new = _set(_set(new, "paid_at", times), "order_status", ["paid"] * n)
        else:
            new = _set(new, "original_receipt_no", [None] * n)
            for old, fresh in zip(old_keys, new_keys, strict=True):
                person = person_of.get((table, old))
                if person:
                    truth.append((table, fresh, person))
        lines = _lines_for(
            _read(raw_dir, lines_table, file_format), key, old_keys, new_keys
        )
        _append(raw_dir, table, file_format, new, new_day)
        _append(raw_dir, lines_table, file_format, lines, new_day)
        rows[table] = n
        rows[lines_table] = lines.num_rows

    # App events: sampled copies on the new day (some late).
    events = _read(raw_dir, "app_events", file_format)
    n = max(1, round(fraction * events.num_rows))
    sample = _sample(rng, events, n)
    times = _local_times(rng, _days(rng, n, new_day, late_share, late_max_days))
    new_events = _set(
        _set(sample, "event_id", [f"EVN{tag}{i:08d}" for i in range(1, n + 1)]),
        "event_at",
        times,
    )

    # New identifiers that join existing persons, and one receipt linking two persons.
    members = _read(raw_dir, "crm_members", file_format)
    usable = [
        i
        for i, (card, mobile, member) in enumerate(
            zip(
                members.column("member_card_no").to_pylist(),
                members.column("mobile").to_pylist(),
                members.column("member_id").to_pylist(),
                strict=True,
            )
        )
        if card
        and mobile
        and PLAIN_CARD.match(card)
        and PLAIN_MOBILE.match(mobile)
        and ("crm_members", member) in person_of
    ]
    if len(usable) < 3:
        raise ValueError(
            f"{raw_dir}/crm_members: fewer than 3 members with a plain card and "
            "mobile; "
            "generate more customers (CUSTOMERS=...) before --next-day"
        )
    picks = rng.choice(usable, 3, replace=False)
    member = {
        c: members.column(c).to_pylist()
        for c in ("member_id", "member_card_no", "mobile")
    }
    joiner, card_holder, other = (int(i) for i in picks)
    persons = [person_of[("crm_members", member["member_id"][i])] for i in picks]
    if persons[1] == persons[2]:
        other = int(usable[(usable.index(other) + 1) % len(usable)])
    accounts = _read(raw_dir, "ecom_accounts", file_format)
    new_account = f"UN{tag}01"
    stamp = _local_times(rng, [new_day])[0]
    _append(
        raw_dir,
        "ecom_accounts",
        file_format,
        business_date=new_day,
        rows=_one_row(
            accounts,
            {
                "account_id": new_account,
                "nickname": f"新用户{tag}",
                "phone": member["mobile"][joiner],
                "registered_at": stamp,
            },
        ),
    )
    truth.append(("ecom_accounts", new_account, persons[0]))
    orders = _read(raw_dir, "ecom_orders", file_format)
    first_order = f"EN{tag}J00001"
    template = orders.slice(orders.num_rows - 1, 1)
    joined_order = _set(
        _set(_set(template, "order_id", [first_order]), "account_id", [new_account]),
        "ordered_at",
        [stamp],
    )
    joined_order = _set(
        _set(joined_order, "paid_at", [stamp]), "order_status", ["paid"]
    )
    _append(raw_dir, "ecom_orders", file_format, joined_order, new_day)
    rows["ecom_accounts"] = 1
    rows["ecom_orders"] += 1
    # An existing account logs in on a new device.
    existing_accounts = [a for a in accounts.column("account_id").to_pylist() if a]
    login = existing_accounts[int(rng.integers(len(existing_accounts)))]
    device = f"{new_day.toordinal():08x}{int(rng.integers(1 << 60)):024x}"
    device_event = _one_row(
        events,
        {
            "event_id": f"EVN{tag}J0000001",
            "device_id": device,
            "platform": "android",
            "login_account_id": login,
            "event_type": "app_open",
            "event_at": stamp,
        },
    )
    new_events = pa.concat_tables([new_events, device_event])
    if ("ecom_accounts", login) in person_of:
        truth.append(("app_devices", device, person_of[("ecom_accounts", login)]))
    _append(raw_dir, "app_events", file_format, new_events, new_day)
    rows["app_events"] = new_events.num_rows

    receipts = _read(raw_dir, "pos_transactions", file_format)
    sale = receipts.filter(
        pa.array([v == "SALE" for v in receipts.column("transaction_type").to_pylist()])
    )
    special = [(f"RN{tag}L00001", card_holder, other, new_day)]
    late_beyond_key = None
    if late_beyond_days is not None:
        late_beyond_key = f"RN{tag}X00001"
        late_day = new_day - dt.timedelta(days=late_beyond_days)
        special.append((late_beyond_key, card_holder, card_holder, late_day))
    for receipt_no, card_i, phone_i, day in special:
        template = sale.slice(int(rng.integers(sale.num_rows)), 1)
        row = _set(template, "receipt_no", [receipt_no])
        row = _set(row, "transacted_at", _local_times(rng, [day]))
        row = _set(row, "member_card_no", [member["member_card_no"][card_i]])
        row = _set(row, "customer_phone", [member["mobile"][phone_i]])
        row = _set(row, "original_receipt_no", [None])
        lines = _lines_for(
            _read(raw_dir, "pos_transaction_lines", file_format),
            "receipt_no",
            template.column("receipt_no").to_pylist(),
            [receipt_no],
        )
        _append(raw_dir, "pos_transactions", file_format, row, new_day)
        _append(raw_dir, "pos_transaction_lines", file_format, lines, new_day)
        rows["pos_transactions"] += 1
        rows["pos_transaction_lines"] += lines.num_rows
        holder = person_of[("crm_members", member["member_id"][card_i])]
        truth.append(("pos_transactions", receipt_no, holder))

    truth_rows = pa.table(
        {
            "source_table": pa.array([t for t, _, _ in truth], pa.string()),
            "record_id": pa.array([r for _, r, _ in truth], pa.string()),
            "person_id": pa.array([p for _, _, p in truth], pa.string()),
            "has_usable_identifier": pa.array([True] * len(truth), pa.bool_()),
        }
    )
    _append(truth_path.parent, "record_truth", "csv", truth_rows)
    (raw_dir / AS_OF_FILE).write_text(new_day.isoformat() + "\n", encoding="utf-8")
    for table, count in rows.items():
        log(f"next day {new_day}: raw/{industry}/{table}.{file_format} +{count:,} rows")
    log(f"as-of date {as_of} -> {new_day} ({raw_dir / AS_OF_FILE})")
    return NextDay(
        as_of_date=new_day.isoformat(),
        rows=rows,
        linked_cards=(member["member_card_no"][card_holder], member["mobile"][other]),
        linked_members=(member["member_id"][card_holder], member["member_id"][other]),
        joined=(new_account, member["member_id"][joiner]),
        late_beyond_key=late_beyond_key,
    )
