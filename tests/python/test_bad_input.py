"""Bad-input corpus: malformed and hostile rows through one dbt build.

The folder is the hand-written fixture tests/fixtures/byod_retail plus one row
(or a pair) per case in CASES, written with file-level quirks on top: a UTF-8
byte-order mark, CRLF line ends, quoted newlines, an extra column and columns
in another order. One `dbt build` runs over it (all data tests included, so
`row_count_reconciles` checks rows in = clean + quarantined in dbt), then each
case is looked up in its table's `_validated` model by a marker text in its raw
row and must end clean (with the parsed values given) or quarantined with the
reason code given (seeds/quarantine_reasons.csv).

File-level problems that stop a build (empty file, missing or renamed column,
non-UTF-8 bytes, ragged rows) are in test_bad_input_files.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import REPO, run_dbt

BASE_FIXTURE = REPO / "tests" / "fixtures" / "byod_retail"
REASONS_SEED = REPO / "seeds" / "quarantine_reasons.csv"
AS_OF_DATE = "2026-06-30"
CLEAN = "clean"

# Table -> (validated model, key columns). Case rows are appended to the file.
TABLES = {
    "crm_members": ("staging.stg_crm__members_validated", ["member_id"]),
    "ecom_accounts": ("staging.stg_ecom__accounts_validated", ["account_id"]),
    "ecom_orders": ("staging.stg_ecom__orders_validated", ["order_id"]),
    "ecom_order_lines": (
        "staging.stg_ecom__order_lines_validated",
        ["order_id", "line_no"],
    ),
    "pos_stores": ("staging.stg_pos__stores_validated", ["store_id"]),
    "pos_transactions": ("staging.stg_pos__transactions_validated", ["receipt_no"]),
    "pos_transaction_lines": (
        "staging.stg_pos__transaction_lines_validated",
        ["receipt_no", "line_no"],
    ),
    "products": ("staging.stg_merch__products_validated", ["product_id"]),
    "app_events": ("staging.stg_app__events_validated", ["event_id"]),
    "marketing_preferences": (
        "staging.stg_campaigns__preference_events_validated",
        ["preference_event_id"],
    ),
    "campaign_responses": (
        "staging.stg_campaigns__responses_validated",
        ["response_id"],
    ),
}

# A valid row per table; each case overrides only the columns it breaks.
TEMPLATES: dict[str, dict[str, str]] = {
    "crm_members": {
        "member_id": "",
        "member_card_no": "",
        "member_name": "案例",
        "mobile": "",
        "email": "",
        "gender": "U",
        "birth_date": "",
        "city": "上海",
        "member_tier": "普通",
        "registered_at": "2024-01-01 00:00:00",
        "marketing_consent": "",
        "updated_at": "2024-01-01 00:00:00",
    },
    "ecom_accounts": {
        "account_id": "",
        "nickname": "案例",
        "email": "",
        "phone": "",
        "registered_at": "2024-01-01 00:00:00",
        "bound_member_card_no": "",
    },
    "ecom_orders": {
        "order_id": "",
        "account_id": "U000000004",
        "receiver_name": "某人",
        "receiver_phone": "",
        "shipping_province": "四川",
        "shipping_city": "成都",
        "shipping_address": "春熙路1号",
        "ordered_at": "2026-06-05 09:00:00",
        "paid_at": "2026-06-05 09:01:00",
        "order_status": "completed",
        "goods_amount": "10.00",
        "coupon_code": "",
        "coupon_amount": "0.00",
        "shipping_fee": "0.00",
        "paid_amount": "10.00",
    },
    "ecom_order_lines": {
        "order_id": "E000000000004",
        "line_no": "",
        "product_id": "P000003",
        "quantity": "1",
        "unit_price": "10.00",
        "line_amount": "10.00",
    },
    "pos_stores": {
        "store_id": "",
        "store_name": "案例店",
        "city": "上海",
        "store_type": "mall",
        "opened_date": "2020-01-01",
    },
    "pos_transactions": {
        "receipt_no": "",
        "store_id": "S0001",
        "transacted_at": "2026-05-10 10:00:00",
        "member_card_no": "",
        "customer_phone": "",
        "transaction_type": "SALE",
        "original_receipt_no": "",
        "gross_amount": "10.00",
        "discount_amount": "0.00",
        "net_amount": "10.00",
        "payment_method": "cash",
    },
    "pos_transaction_lines": {
        "receipt_no": "RBAD0100",
        "line_no": "",
        "product_id": "P000001",
        "quantity": "1",
        "unit_price": "10.00",
        "discount_amount": "0.00",
        "line_amount": "10.00",
    },
    "products": {
        "product_id": "",
        "product_name": "案例商品",
        "category": "食品",
        "subcategory": "零食",
        "brand": "案例",
        "list_price": "10.00",
    },
    "app_events": {
        "event_id": "",
        "device_id": "0123456789abcdef0123456789abcdef",
        "platform": "android",
        "login_account_id": "",
        "login_phone": "",
        "event_type": "app_open",
        "product_id": "",
        "category": "",
        "event_at": "2026-06-10 10:00:00",
    },
    "marketing_preferences": {
        "preference_event_id": "",
        "member_id": "M00000001",
        "account_id": "",
        "channel": "sms",
        "event_type": "opt_in",
        "wechat_openid": "",
        "event_at": "2025-01-01 10:00:00",
    },
    "campaign_responses": {
        "response_id": "",
        "campaign_id": "CMP-BAD",
        "campaign_start_date": "2025-06-10",
        "response_window_days": "10",
        "member_id": "M00000001",
        "account_id": "",
        "arm": "treatment",
        "channel": "sms",
        "sent_at": "2025-06-10 10:00:00",
        "opened_at": "",
        "clicked_at": "",
        "converted_at": "",
        "revenue": "",
    },
}

LONG_TEXT = "长" * 20_000
SQL_TEXT = "Robert'); DROP TABLE crm_members;--"
EMOJI_NAME = "小明😀🎉"


@dataclass(frozen=True)
class Case:
    """One malformed input: the row(s) written and the outcome expected.

    rows: column overrides of the table's template, one dict per raw row.
    marker: text found in the raw row(s) of this case only (raw_record).
    expect: one outcome per raw row, sorted: 'clean' or a reason code.
    values: parsed values of the clean row in the _validated model.
    """

    case_id: str
    kind: str
    table: str
    rows: list[dict[str, str]]
    marker: str
    expect: list[str]
    values: dict[str, Any] = field(default_factory=dict)


CASES = [
    # --- keys ------------------------------------------------------------
    Case(
        "crm_empty_key",
        "null in the primary key",
        "crm_members",
        [{"member_name": "无键甲", "email": "nokey-a@qq.com"}],
        "nokey-a@qq.com",
        ["missing_key"],
    ),
    Case(
        "crm_null_token_key",
        "primary key is the text 'NULL'",
        "crm_members",
        [{"member_id": "NULL", "member_name": "无键乙"}],
        "无键乙",
        ["missing_key"],
    ),
    Case(
        "crm_mysql_null_token_key",
        "primary key is MySQL's null token \\N",
        "crm_members",
        [{"member_id": "\\N", "member_name": "无键丁"}],
        "无键丁",
        ["missing_key"],
    ),
    Case(
        "crm_whitespace_key",
        "primary key is only white space (incl. full-width space)",
        "crm_members",
        [{"member_id": " \u3000 ", "member_name": "无键丙"}],
        "无键丙",
        ["missing_key"],
    ),
    Case(
        "crm_duplicate_key_latest_wins",
        "duplicated primary key with different content",
        "crm_members",
        [
            {
                "member_id": "M90000001",
                "member_name": "旧版本",
                "updated_at": "2024-01-01 00:00:00",
            },
            {
                "member_id": "M90000001",
                "member_name": "新版本",
                "updated_at": "2025-01-01 00:00:00",
            },
        ],
        "M90000001",
        [CLEAN, "duplicate_row"],
        {"member_name": "新版本"},
    ),
    Case(
        "crm_key_padding_duplicate",
        "the same key padded with spaces / full-width letters is a duplicate",
        "crm_members",
        [
            {"member_id": "M90000002", "member_name": "键甲"},
            {"member_id": " Ｍ90000002 ", "member_name": "键乙"},
        ],
        "90000002",
        [CLEAN, "duplicate_row"],
    ),
    Case(
        "pos_exact_duplicate_row",
        "the same receipt exported twice",
        "pos_transactions",
        [{"receipt_no": "RBAD0001"}, {"receipt_no": "RBAD0001"}],
        "RBAD0001",
        [CLEAN, "duplicate_row"],
    ),
    Case(
        "pos_line_non_numeric_line_no",
        "wrong type in a key column (line_no 'abc')",
        "pos_transaction_lines",
        [{"line_no": "abc", "product_id": "P000002"}],
        "RBAD0100 | abc",
        ["missing_key"],
    ),
    Case(
        "pos_line_duplicate_key",
        "duplicated composite key (receipt_no, line_no)",
        "pos_transaction_lines",
        [
            {"line_no": "2", "unit_price": "10.00"},
            {"line_no": "2", "unit_price": "10.000"},
        ],
        "RBAD0100 | 2 |",
        [CLEAN, "duplicate_row"],
    ),
    # --- timestamps and dates ---------------------------------------------
    Case(
        "pos_impossible_date",
        "invalid calendar date (30 February)",
        "pos_transactions",
        [{"receipt_no": "RBAD0002", "transacted_at": "2026-02-30 10:00:00"}],
        "RBAD0002",
        ["invalid_timestamp"],
    ),
    Case(
        "pos_out_of_range_time",
        "out-of-range month, day and hour",
        "pos_transactions",
        [{"receipt_no": "RBAD0003", "transacted_at": "2026-13-45 25:61:00"}],
        "RBAD0003",
        ["invalid_timestamp"],
    ),
    Case(
        "pos_ambiguous_day_month",
        "ambiguous date 03/04/2026 (March 4 or 3 April) is not guessed",
        "pos_transactions",
        [{"receipt_no": "RBAD0004", "transacted_at": "03/04/2026 10:00"}],
        "RBAD0004",
        ["invalid_timestamp"],
    ),
    Case(
        "pos_ambiguous_zone_name",
        "time-zone abbreviation CST (China or US Central) is not guessed",
        "pos_transactions",
        [{"receipt_no": "RBAD0005", "transacted_at": "2026-05-10 10:00:00 CST"}],
        "RBAD0005",
        ["invalid_timestamp"],
    ),
    Case(
        "pos_explicit_offset",
        "ISO 8601 with an explicit -05:00 offset is converted to UTC",
        "pos_transactions",
        [{"receipt_no": "RBAD0006", "transacted_at": "2026-05-10T10:00:00-05:00"}],
        "RBAD0006",
        [CLEAN],
        {"transacted_at": dt.datetime(2026, 5, 10, 15, 0)},
    ),
    Case(
        "pos_utc_z",
        "ISO 8601 in UTC ('Z') is not shifted by the local offset",
        "pos_transactions",
        [{"receipt_no": "RBAD0007", "transacted_at": "2026-05-10T02:00:00Z"}],
        "RBAD0007",
        [CLEAN],
        {"transacted_at": dt.datetime(2026, 5, 10, 2, 0)},
    ),
    Case(
        "pos_local_time_to_utc",
        "local time without a zone is read at UTC+8",
        "pos_transactions",
        [{"receipt_no": "RBAD0008", "transacted_at": "2026/05/10 10:00"}],
        "RBAD0008",
        [CLEAN],
        {"transacted_at": dt.datetime(2026, 5, 10, 2, 0)},
    ),
    Case(
        "pos_epoch_seconds",
        "epoch seconds (10 digits) are not guessed as a time",
        "pos_transactions",
        [{"receipt_no": "RBAD0009", "transacted_at": "1778371200"}],
        "RBAD0009",
        ["invalid_timestamp"],
    ),
    Case(
        "pos_future_timestamp",
        "timestamp after the as-of date",
        "pos_transactions",
        [{"receipt_no": "RBAD0010", "transacted_at": "2026-07-01 08:00:00"}],
        "RBAD0010",
        ["future_timestamp"],
    ),
    Case(
        "pos_as_of_day_late_evening",
        "23:59 local on the as-of date is not in the future",
        "pos_transactions",
        [{"receipt_no": "RBAD0011", "transacted_at": "2026-06-30 23:59:59"}],
        "RBAD0011",
        [CLEAN],
    ),
    Case(
        "pos_too_old_timestamp",
        "timestamp before min_valid_date",
        "pos_transactions",
        [{"receipt_no": "RBAD0012", "transacted_at": "1970-01-01 08:00:00"}],
        "RBAD0012",
        ["too_old_timestamp"],
    ),
    Case(
        "app_future_epoch_ms",
        "epoch milliseconds far in the future",
        "app_events",
        [{"event_id": "evbad01", "event_at": "4102444800000"}],
        "evbad01",
        ["future_timestamp"],
    ),
    Case(
        "crm_invalid_birth_date",
        "invalid birth date stays on a usable row, flagged",
        "crm_members",
        [{"member_id": "M90000003", "birth_date": "1990-02-30"}],
        "M90000003",
        [CLEAN],
        {"birth_date": None, "field_issues": "birth_date_invalid"},
    ),
    Case(
        "crm_future_birth_date",
        "birth date in the future stays on a usable row, flagged",
        "crm_members",
        [{"member_id": "M90000004", "birth_date": "2090-01-01"}],
        "M90000004",
        [CLEAN],
        {"birth_date": None, "field_issues": "birth_date_invalid"},
    ),
    Case(
        "crm_implausibly_old_birth_date",
        "a birth date implying an age above max_age_years",
        "crm_members",
        [{"member_id": "M90000015", "birth_date": "1900-01-01"}],
        "M90000015",
        [CLEAN],
        {"birth_date": None, "field_issues": "birth_date_invalid"},
    ),
    Case(
        "ecom_paid_at_not_a_time",
        "unparseable optional timestamp is flagged, the order is kept",
        "ecom_orders",
        [{"order_id": "EBAD00000001", "paid_at": "yesterday"}],
        "EBAD00000001",
        [CLEAN],
        {"paid_at": None, "field_issues": "paid_at_invalid"},
    ),
    # --- amounts and quantities -------------------------------------------
    Case(
        "pos_negative_sale",
        "negative amount on a sale",
        "pos_transactions",
        [{"receipt_no": "RBAD0013", "gross_amount": "-10", "net_amount": "-10"}],
        "RBAD0013",
        ["negative_amount_on_sale"],
    ),
    Case(
        "pos_huge_amount",
        "an amount too large for decimal(18, 2) (used to crash the build)",
        "pos_transactions",
        [{"receipt_no": "RBAD0014", "net_amount": "99999999999999999999999.99"}],
        "RBAD0014",
        ["invalid_amount"],
    ),
    Case(
        "pos_implausible_amount",
        "an amount beyond max_amount_cny (fen exported as yuan)",
        "pos_transactions",
        [
            {
                "receipt_no": "RBAD0022",
                "gross_amount": "1299000000.00",
                "net_amount": "1299000000.00",
            }
        ],
        "RBAD0022",
        ["amount_out_of_range"],
    ),
    Case(
        "ecom_line_implausible_price",
        "an order line with an implausible unit price",
        "ecom_order_lines",
        [
            {
                "order_id": "E000000000001",
                "line_no": "9",
                "unit_price": "99999999999.00",
                "line_amount": "99999999999.00",
            }
        ],
        "E000000000001 | 9",
        ["amount_out_of_range"],
    ),
    Case(
        "pos_amount_wrong_type",
        "wrong type in an amount column (text, boolean, scientific notation)",
        "pos_transactions",
        [
            {"receipt_no": "RBADAMT1", "net_amount": "abc"},
            {"receipt_no": "RBADAMT2", "net_amount": "true"},
            {"receipt_no": "RBADAMT3", "net_amount": "1.5e3"},
        ],
        "RBADAMT",
        ["invalid_amount"] * 3,
    ),
    Case(
        "pos_amount_currency_and_separators",
        "currency sign and thousands separators (quoted field)",
        "pos_transactions",
        [{"receipt_no": "RBAD0018", "net_amount": "¥1,299.00"}],
        "RBAD0018",
        [CLEAN],
        {"net_amount_cny": Decimal("1299.00")},
    ),
    Case(
        "pos_full_width_amount",
        "full-width digits in an amount",
        "pos_transactions",
        [{"receipt_no": "RBAD0019", "net_amount": "１２９．５０"}],
        "RBAD0019",
        [CLEAN],
        {"net_amount_cny": Decimal("129.50")},
    ),
    Case(
        "pos_refund_in_chinese",
        "transaction type in Chinese (退货) with negative amounts",
        "pos_transactions",
        [
            {
                "receipt_no": "RBAD0020",
                "transaction_type": "退货",
                "gross_amount": "-10.00",
                "net_amount": "-10.00",
            }
        ],
        "RBAD0020",
        [CLEAN],
        {"transaction_type": "REFUND", "net_amount_cny": Decimal("-10.00")},
    ),
    Case(
        "pos_unknown_transaction_type",
        "transaction type outside the contract",
        "pos_transactions",
        [{"receipt_no": "RBAD0021", "transaction_type": "EXCHANGE"}],
        "RBAD0021",
        ["unknown_transaction_type"],
    ),
    Case(
        "pos_line_fractional_quantity",
        "fractional, zero and huge quantities",
        "pos_transaction_lines",
        [
            {"line_no": "3", "quantity": "1.5"},
            {"line_no": "4", "quantity": "0"},
            {"line_no": "5", "quantity": "99999999999"},
        ],
        "RBAD0100 | ",
        ["invalid_quantity"] * 3,
    ),
    Case(
        "pos_line_negative_on_sale",
        "negative quantity on a sale line",
        "pos_transaction_lines",
        [
            {
                "receipt_no": "RBAD0101",
                "line_no": "1",
                "quantity": "-1",
                "line_amount": "-10.00",
            }
        ],
        "RBAD0101",
        ["negative_amount_on_sale"],
    ),
    Case(
        "pos_line_orphan",
        "line whose receipt is not in the file",
        "pos_transaction_lines",
        [{"receipt_no": "RNOSUCHRECEIPT", "line_no": "1"}],
        "RNOSUCHRECEIPT",
        ["parent_quarantined"],
    ),
    Case(
        "ecom_line_orphan",
        "order line whose order is quarantined",
        "ecom_order_lines",
        [{"order_id": "EBAD00000002", "line_no": "1"}],
        "EBAD00000002 | 1",
        ["parent_quarantined"],
    ),
    Case(
        "ecom_negative_goods",
        "negative goods amount on an order",
        "ecom_orders",
        [{"order_id": "EBAD00000003", "goods_amount": "-5.00"}],
        "EBAD00000003",
        ["negative_amount_on_sale"],
    ),
    Case(
        "ecom_missing_account",
        "order without its buyer account (a key of the order)",
        "ecom_orders",
        [{"order_id": "EBAD00000004", "account_id": ""}],
        "EBAD00000004",
        ["missing_key"],
    ),
    Case(
        "ecom_status_in_chinese_and_unknown",
        "order status in Chinese is mapped; an unknown one is quarantined",
        "ecom_orders",
        [
            {"order_id": "EBADST1", "order_status": "已完成"},
            {"order_id": "EBADST2", "order_status": "lost_in_space"},
        ],
        "EBADST",
        [CLEAN, "unknown_order_status"],
    ),
    # --- text: encodings, hostile and odd strings --------------------------
    Case(
        "crm_emoji_name",
        "emoji in a name",
        "crm_members",
        [{"member_id": "M90000005", "member_name": EMOJI_NAME}],
        "M90000005",
        [CLEAN],
        {"member_name": EMOJI_NAME},
    ),
    Case(
        "crm_sql_looking_name",
        "SQL-looking text is stored literally",
        "crm_members",
        [{"member_id": "M90000006", "member_name": SQL_TEXT}],
        "M90000006",
        [CLEAN],
        {"member_name": SQL_TEXT},
    ),
    Case(
        "crm_extremely_long_name",
        "a 20,000-character name",
        "crm_members",
        [{"member_id": "M90000007", "member_name": LONG_TEXT}],
        "M90000007",
        [CLEAN],
        {"member_name": LONG_TEXT},
    ),
    Case(
        "crm_quoted_newline_in_name",
        "a newline inside a quoted field",
        "crm_members",
        [{"member_id": "M90000008", "member_name": "张\n三"}],
        "M90000008",
        [CLEAN],
        {"member_name": "张三"},
    ),
    Case(
        "crm_full_width_everything",
        "full-width key, phone, email and card",
        "crm_members",
        [
            {
                "member_id": "Ｍ９０００００09",
                "member_card_no": "ｖｉｐ０１２３４５６７８９",
                "mobile": "＋８６　１３９－１２３４－９９０９",
                "email": "ＦＵＬＬ＠ＱＱ．ＣＯＭ",
            }
        ],
        "０１２３４５６７８９",
        [CLEAN],
        {
            "member_id": "M90000009",
            "member_card_no": "VIP0123456789",
            "mobile": "+8613912349909",
            "email": "full@qq.com",
        },
    ),
    Case(
        "crm_invalid_contacts",
        "unusable phone and email stay on a usable row, flagged",
        "crm_members",
        [
            {
                "member_id": "M90000010",
                "mobile": "call me",
                "email": "a b@qq.com",
            }
        ],
        "M90000010",
        [CLEAN],
        {
            "mobile": None,
            "email": None,
            "field_issues": "mobile_invalid,email_invalid",
        },
    ),
    Case(
        "crm_foreign_phone",
        "a foreign number is not turned into a mainland mobile",
        "crm_members",
        [{"member_id": "M90000011", "mobile": "+1 312 555 0123"}],
        "M90000011",
        [CLEAN],
        {"mobile": None},
    ),
    Case(
        "crm_placeholder_identifiers",
        "placeholder phone and email are kept here, blocked at identity",
        "crm_members",
        [
            {
                "member_id": "M90000012",
                "mobile": "13800000000",
                "email": "test@test.com",
            }
        ],
        "M90000012",
        [CLEAN],
        {"mobile": "+8613800000000", "email": "test@test.com"},
    ),
    Case(
        "crm_test_account",
        "test account by name prefix",
        "crm_members",
        [{"member_id": "M90000013", "member_name": "Tester Zhang"}],
        "M90000013",
        ["test_account"],
    ),
    Case(
        "crm_control_characters",
        "control characters inside a field",
        "crm_members",
        [{"member_id": "M90000014", "member_name": "控\x01制\x07符"}],
        "M90000014",
        [CLEAN],
    ),
    Case(
        "ecom_emoji_nickname_and_test_account",
        "emoji nickname kept; 'demo' nickname is a test account",
        "ecom_accounts",
        [
            {"account_id": "UBAD00001", "nickname": "🐼熊猫"},
            {"account_id": "UBAD00002", "nickname": "demo_user"},
        ],
        "UBAD0000",
        [CLEAN, "test_account"],
    ),
    Case(
        "ecom_address_with_comma_quote_newline",
        "address holding a comma, a double quote and a newline",
        "ecom_orders",
        [
            {
                "order_id": "EBAD00000007",
                "shipping_address": '春熙路1号, "A座"\n2楼',
            }
        ],
        "EBAD00000007",
        [CLEAN],
    ),
    Case(
        "app_missing_device",
        "event without a device id",
        "app_events",
        [{"event_id": "evbad02", "device_id": ""}],
        "evbad02",
        ["missing_device"],
    ),
    Case(
        "app_unknown_platform",
        "unknown platform stays on a usable row, flagged",
        "app_events",
        [{"event_id": "evbad03", "platform": "windows phone"}],
        "evbad03",
        [CLEAN],
        {"platform": None, "field_issues": "platform_unmapped"},
    ),
    Case(
        "products_missing_category_and_bad_price",
        "product without category and with a non-numeric price",
        "products",
        [{"product_id": "PBAD001", "category": "", "list_price": "面议"}],
        "PBAD001",
        [CLEAN],
        {
            "category": "unknown",
            "list_price_cny": None,
            "field_issues": "list_price_invalid,category_missing",
        },
    ),
    Case(
        "stores_unknown_type_and_missing_key",
        "unknown store type is flagged; a store without id is quarantined",
        "pos_stores",
        [
            {"store_id": "SBAD1", "store_type": "popup"},
            {"store_id": ""},
        ],
        "案例店",
        [CLEAN, "missing_key"],
    ),
    Case(
        "consent_unknown_channel_and_event",
        "consent on an unknown channel, an unknown consent event, Chinese spellings",
        "marketing_preferences",
        [
            {"preference_event_id": "PEBAD01", "channel": "传真"},
            {"preference_event_id": "PEBAD02", "event_type": "maybe"},
            {
                "preference_event_id": "PEBAD03",
                "channel": "微信",
                "event_type": "退订",
                "wechat_openid": "oBadCaseOpenId",
            },
        ],  # fmt: skip
        "PEBAD0",
        [CLEAN, "unknown_consent_event", "unknown_marketing_channel"],
    ),
    Case(
        "consent_without_customer_or_time",
        "consent event without a customer reference; one with a broken time",
        "marketing_preferences",
        [
            {"preference_event_id": "PEBAD14", "member_id": ""},
            {"preference_event_id": "PEBAD15", "event_at": "昨天"},
        ],
        "PEBAD1",
        ["invalid_timestamp", "missing_customer_ref"],
    ),
    Case(
        "response_unknown_arm_and_negative_revenue",
        "campaign response with an unknown arm; one with a negative revenue",
        "campaign_responses",
        [
            {"response_id": "RBADC01", "arm": "control"},
            {
                "response_id": "RBADC02",
                "converted_at": "2025-06-11 10:00:00",
                "revenue": "-50.00",
            },
        ],  # fmt: skip
        "RBADC0",
        ["invalid_amount", "unknown_campaign_arm"],
    ),
    Case(
        "response_bad_window_and_clean_conversion",
        "campaign response with a broken window; a clean conversion in yuan",
        "campaign_responses",
        [
            {"response_id": "RBADC13", "response_window_days": "十天"},
            {
                "response_id": "RBADC14",
                "converted_at": "2025-06-11 10:00:00",
                "revenue": "¥1,288.50",
            },
        ],  # fmt: skip
        "RBADC1",
        [CLEAN, "invalid_campaign_date"],
    ),
]

# Clean parents of the line cases.
SUPPORT_ROWS = {
    "pos_transactions": [
        {"receipt_no": "RBAD0100", "gross_amount": "100", "net_amount": "100"},
        {"receipt_no": "RBAD0101", "gross_amount": "100", "net_amount": "100"},
    ],
    "ecom_orders": [
        # Quarantined (future), so its line is parent_quarantined.
        {"order_id": "EBAD00000002", "ordered_at": "2030-01-01 00:00:00"},
    ],
}

# File-level quirks of the one folder (each is a case too).
FILE_QUIRKS = {
    "crm_members": "utf-8 byte-order mark",
    "pos_transactions": "CRLF line ends",
    "products": "an extra column not in the contract",
    "app_events": "columns in another order than the contract",
}
# The line-quantity case's marker also matches the lines written by the other
# RBAD0100 cases; its expectation is checked on its own line numbers.
LINE_NO_FILTERED = {"pos_line_fractional_quantity": ("3", "4", "5")}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_folder(folder: Path) -> dict[str, int]:
    """Write the corpus folder; return the number of data rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        header, rows = read_rows(BASE_FIXTURE / f"{table}.csv")
        rows += [{**TEMPLATES[table], **row} for row in SUPPORT_ROWS.get(table, [])]
        for case in CASES:
            if case.table == table:
                rows += [{**TEMPLATES[table], **row} for row in case.rows]
        if table == "products":
            header = [*header, "remark"]
            rows = [{**row, "remark": "备注, with comma"} for row in rows]
        if table == "app_events":
            header = list(reversed(header))
        encoding = "utf-8-sig" if table == "crm_members" else "utf-8"
        line_end = "\r\n" if table == "pos_transactions" else "\n"
        with (folder / f"{table}.csv").open("w", encoding=encoding, newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator=line_end)
            writer.writeheader()
            writer.writerows(rows)
        counts[table] = len(rows)
    return counts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("bad_input")
    folder = root / "raw"
    counts = write_folder(folder)
    db_path = root / "bad_input.duckdb"
    run_dbt(
        ["build", "--vars", "{kmeans_clusters: 2}"],
        {
            "HUAXIANG_RAW_DIR": str(folder),
            "HUAXIANG_RAW_FORMAT": "csv",
            "HUAXIANG_DUCKDB_PATH": str(db_path),
            "HUAXIANG_AS_OF_DATE": AS_OF_DATE,
        },
    )
    yield db_path, counts
    shutil.rmtree(root, ignore_errors=True)


def validated_rows(db_path: Path, table: str, marker: str) -> list[dict[str, Any]]:
    model, _ = TABLES[table]
    with duckdb.connect(str(db_path), read_only=True) as connection:
        cursor = connection.execute(
            f"select * from {model} where contains(raw_record, ?)", [marker]
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_case_ends_clean_or_quarantined_as_expected(corpus, case: Case):
    db_path, _ = corpus
    rows = validated_rows(db_path, case.table, case.marker)
    if case.case_id in LINE_NO_FILTERED:
        rows = [r for r in rows if str(r["line_no"]) in LINE_NO_FILTERED[case.case_id]]
    outcomes = sorted(r["quarantine_reason"] or CLEAN for r in rows)
    assert outcomes == sorted(case.expect), (
        f"{case.case_id} ({case.kind}): {case.table} rows matching "
        f"{case.marker!r} ended {outcomes}, expected {sorted(case.expect)}"
    )
    for row in rows:
        if row["quarantine_reason"] is not None:
            continue
        for column, expected in case.values.items():
            assert row[column] == expected, (
                f"{case.case_id}: {column} is {row[column]!r}, expected {expected!r}"
            )


def test_rows_in_equal_clean_plus_quarantined_per_file(corpus):
    # Counted by Python's csv reader, independently of DuckDB's: a row the
    # reader skipped or split would show here even if dbt's own test passed.
    db_path, counts = corpus
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for table, (model, _) in TABLES.items():
            clean_view = model.removesuffix("_validated")
            validated, clean, quarantined = connection.execute(
                f"select (select count(*) from {model}), "
                f"(select count(*) from {clean_view}), "
                f"(select count(*) from {clean_view}_quarantine)"
            ).fetchone()
            assert validated == counts[table], (table, validated, counts[table])
            assert clean + quarantined == counts[table], (table, clean, quarantined)


def test_file_quirks_are_read_correctly(corpus):
    db_path, _ = corpus
    with duckdb.connect(str(db_path), read_only=True) as connection:
        # BOM: the first header is still member_id, so the first row has its key.
        assert connection.execute(
            "select count(*) from staging.stg_crm__members_validated "
            "where member_id = 'M00000001'"
        ).fetchone() == (1,)
        # CRLF: no carriage return leaks into the last column.
        assert connection.execute(
            "select count(*) from staging.stg_pos__transactions_validated "
            "where contains(raw_record, chr(13))"
        ).fetchone() == (0,)
        # Reordered columns are read by name.
        assert connection.execute(
            "select event_type, device_id from staging.stg_app__events_validated "
            "where event_id = 'ev3'"
        ).fetchone() == ("view_product", "ffffeeeeddddccccbbbbaaaa99998888")
        # The extra column is ignored, the contract's columns are read.
        assert connection.execute(
            "select list_price_cny from staging.stg_merch__products_validated "
            "where product_id = 'P000001'"
        ).fetchone() == (Decimal("129.00"),)
        # The quoted newline and quote survive into the raw row.
        (raw,) = connection.execute(
            "select raw_record from staging.stg_ecom__orders_validated "
            "where order_id = 'EBAD00000007'"
        ).fetchone()
        assert '"A座"\n2楼' in raw


def test_placeholder_identifiers_link_nobody(corpus):
    # M90000012 typed 13800000000 and test@test.com like other fixture rows.
    db_path, _ = corpus
    with duckdb.connect(str(db_path), read_only=True) as connection:
        (members,) = connection.execute(
            "select count(*) from intermediate.int_identity_records_clustered "
            "where customer_id = (select customer_id from "
            "intermediate.int_identity_records_clustered "
            "where record_key = 'crm:M90000012')"
        ).fetchone()
    assert members == 1


def test_corpus_covers_every_table_and_thirty_kinds():
    kinds = {c.kind for c in CASES} | set(FILE_QUIRKS.values())
    assert len(kinds) >= 30, len(kinds)
    assert {c.table for c in CASES} == set(TABLES)
    assert len({c.case_id for c in CASES}) == len(CASES)


def test_expected_reason_codes_are_documented():
    with REASONS_SEED.open(encoding="utf-8") as handle:
        documented = {row["reason_code"] for row in csv.DictReader(handle)}
    used = {e for c in CASES for e in c.expect if e != CLEAN}
    assert used <= documented, used - documented
