"""Privacy (PIPL): personal columns are classified, public marts expose none raw.

- every column of a staging, mart, restricted or report relation whose name
  looks personal carries `meta` {pii: direct|indirect|masked|hashed (or none,
  said explicitly), pipl_category: 敏感个人信息|一般个人信息}; health,
  financial-account and national-ID columns are 敏感个人信息;
- public schemas (marts, reports) declare no direct-PII column, and a scan of
  every text value in them finds no raw mobile number, email or national ID;
- identifiers in public marts are hashed with the salt from HUAXIANG_PII_SALT
  (not a plain md5 anyone can rebuild); the demo default warns on other data
  and fails when HUAXIANG_REQUIRE_PII_SALT is true.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import DBT, REPO

CLASSIFIED_SCHEMAS = ("staging", "marts", "restricted", "reports")
PUBLIC_SCHEMAS = ("marts", "reports")
# none: the name looks personal but the values are not (a product's raw row).
PII_LEVELS = {"direct", "indirect", "masked", "hashed", "none"}
PIPL_CATEGORIES = {"敏感个人信息", "一般个人信息"}
DEMO_SALT = "huaxiang-demo-salt-not-secret"

# Column names that look personal. Flags (is_/has_) and counts are not.
PERSONAL_NAME = re.compile(
    r"phone|mobile|email|e_mail|address|birth|id_card|idcard|national_id|"
    r"passport|nickname|receiver|gender|(^|_)age(_|$)|(member|customer|person|"
    r"real|full|first|last|contact)_name|^name$|raw_record|diagnos|health|"
    r"bank|account_balance|card_no"
)
NOT_PERSONAL = re.compile(r"^(is|has)_|_count$|^n_")
# 敏感个人信息 under PIPL art. 28: health, financial accounts, national ids ...
SENSITIVE_NAME = re.compile(
    r"id_card|idcard|national_id|passport|diagnos|health|medical|bank|"
    r"account_balance|credit_card"
)

PHONE = r"(^|[^0-9A-Za-z])(\+?86)?1[3-9][0-9]{9}([^0-9A-Za-z]|$)"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
NATIONAL_ID = (
    r"(^|[^0-9])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])[0-9]{5}[0-9Xx]([^0-9]|$)"
)
# Our own pseudonyms (md5 hex, customer ids) are not raw values.
PSEUDONYM = r"[0-9a-f]{32}|C[0-9a-f]{16}"


def column_meta(column: dict[str, Any]) -> dict[str, Any]:
    return {**column.get("meta", {}), **column.get("config", {}).get("meta", {})}


def model_nodes(manifest: dict[str, Any], schemas: tuple[str, ...]):
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["schema"] in schemas:
            yield node


def warehouse_columns(db_path: Path, schemas: tuple[str, ...]) -> dict:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns where table_schema in ? "
            "order by 1, 2, ordinal_position",
            [list(schemas)],
        ).fetchall()
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        columns.setdefault((schema, table), []).append((column, data_type))
    return columns


def looks_personal(column: str) -> bool:
    return bool(PERSONAL_NAME.search(column)) and not NOT_PERSONAL.search(column)


def test_personal_columns_carry_pii_meta(manifest, warehouse_path: Path):
    built = warehouse_columns(warehouse_path, CLASSIFIED_SCHEMAS)
    problems = []
    checked = 0
    for node in model_nodes(manifest, CLASSIFIED_SCHEMAS):
        documented = {c.lower(): column_meta(v) for c, v in node["columns"].items()}
        # The built relation's columns: an undocumented column is caught too.
        names = [c for c, _ in built.get((node["schema"], node["alias"]), [])]
        for column in names or list(documented):
            if not looks_personal(column):
                continue
            checked += 1
            meta = documented.get(column.lower(), {})
            where = f"{node['original_file_path']}: {node['name']}.{column}"
            if meta.get("pii") not in PII_LEVELS:
                problems.append(f"{where} lacks meta pii ({sorted(PII_LEVELS)})")
            if meta.get("pii") == "none":
                continue
            if meta.get("pipl_category") not in PIPL_CATEGORIES:
                problems.append(f"{where} lacks meta pipl_category")
            elif (
                SENSITIVE_NAME.search(column)
                and meta["pipl_category"] != "敏感个人信息"
            ):
                problems.append(f"{where} is 敏感个人信息 under PIPL art. 28")
    assert checked > 20, f"only {checked} personal-looking columns found"
    assert not problems, "\n".join(problems)


def test_public_schemas_declare_no_direct_pii(manifest):
    exposed = [
        f"{node['original_file_path']}: {node['name']}.{column}"
        for node in model_nodes(manifest, PUBLIC_SCHEMAS)
        for column, spec in node["columns"].items()
        if column_meta(spec).get("pii") == "direct"
    ]
    assert not exposed, "direct PII in a public schema (mask, hash or move it to "
    f"restricted): {exposed}"


def all_model_nodes(manifest: dict[str, Any]):
    """Enabled and disabled models: other industries' models are disabled in
    this build but ship all the same."""
    yield from (n for n in manifest["nodes"].values() if n["resource_type"] == "model")
    for versions in manifest.get("disabled", {}).values():
        yield from (n for n in versions if n["resource_type"] == "model")


def test_public_marts_expose_sensitive_data_only_as_tag_bands_and_flags(manifest):
    """Health and financial values (PIPL 敏感个人信息) reach the public schemas only
    as catalog tag columns (bands, flags, categories); the raw values behind them
    (balances, arrears, departments, condition counts) stay in restricted."""
    exposed, tagged, restricted = [], 0, 0
    for node in all_model_nodes(manifest):
        for column, spec in node["columns"].items():
            meta = column_meta(spec)
            if meta.get("pipl_category") != "敏感个人信息":
                continue
            if node["schema"] == "restricted":
                restricted += 1
            elif node["schema"] in PUBLIC_SCHEMAS:
                if "tag" in meta:
                    tagged += 1
                else:
                    exposed.append(f"{node['original_file_path']}: {column}")
    assert not exposed, (
        "raw sensitive values in a public schema (band them as a catalog tag or "
        f"move the model to restricted): {exposed}"
    )
    # Controls: the finance and healthcare raw values exist, classified, in
    # restricted; their tags are public.
    assert restricted >= 10 and tagged >= 5, (restricted, tagged)


def test_restricted_schema_holds_the_raw_contacts(manifest):
    # The control for the test above: raw PII exists and is classified direct.
    direct = {
        (node["name"], column)
        for node in model_nodes(manifest, ("restricted",))
        for column, spec in node["columns"].items()
        if column_meta(spec).get("pii") == "direct"
    }
    assert ("dim_customer_contacts", "mobile") in direct


def test_public_tables_hold_no_raw_phone_email_or_national_id(warehouse_path: Path):
    built = warehouse_columns(warehouse_path, PUBLIC_SCHEMAS)
    leaks = []
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        for (schema, table), columns in built.items():
            for column, data_type in columns:
                if data_type.upper() != "VARCHAR":
                    continue
                for label, pattern in (
                    ("phone", PHONE),
                    ("email", EMAIL),
                    ("national id", NATIONAL_ID),
                ):
                    hit = connection.execute(
                        f'select "{column}" from {schema}."{table}" '
                        f'where regexp_matches("{column}", ?) '
                        f'and not regexp_full_match("{column}", ?) limit 1',
                        [pattern, PSEUDONYM],
                    ).fetchone()
                    if hit:
                        leaks.append(f"{schema}.{table}.{column}: {label} {hit[0]!r}")
    assert not leaks, "raw personal data in public schemas:\n" + "\n".join(leaks)


def test_scan_patterns_catch_raw_values_and_spare_masked_ones():
    # The control of the scan: it would see a raw value.
    with duckdb.connect() as connection:

        def matches(value: str, pattern: str) -> bool:
            (hit,) = connection.execute(
                "select regexp_matches(?, ?) and not regexp_full_match(?, ?)",
                [value, pattern, value, PSEUDONYM],
            ).fetchone()
            return hit

        assert matches("+8613812348000", PHONE)
        assert matches("call 13812348000 now", PHONE)
        assert not matches("138****8000", PHONE)
        assert matches("zhang.wei@qq.com", EMAIL)
        assert not matches("z***@qq.com", EMAIL)
        assert matches("110101199003074514", NATIONAL_ID)
        assert not matches(hashlib.md5(b"x").hexdigest(), PHONE)


def salted_md5(value: str) -> str:
    salt = os.environ.get("HUAXIANG_PII_SALT") or DEMO_SALT
    return hashlib.md5(f"{salt}|{value}".encode()).hexdigest()


def test_identifier_hashes_are_salted(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        rows = connection.execute(
            "select identifier_type, identifier_value "
            "from intermediate.int_identity_evidence_assembled "
            "where identifier_type = 'phone' limit 50"
        ).fetchall()
        assert rows, "no phone evidence to check"
        published = {
            h
            for (h,) in connection.execute(
                "select identifier_hash from marts.fct_identity_evidence"
            ).fetchall()
        }
    for identifier_type, value in rows:
        plain = hashlib.md5(f"{identifier_type}:{value}".encode()).hexdigest()
        assert plain not in published, "an unsalted md5 of a phone is published"
        assert salted_md5(f"{identifier_type}:{value}") in published


def compile_salt(env: dict[str, str], db_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DBT), "compile", "-s", "fct_identity_evidence"],
        cwd=REPO,
        env={
            **os.environ,
            "DBT_PROFILES_DIR": str(REPO),
            "HUAXIANG_DUCKDB_PATH": str(db_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "ok", "message"),
    [
        (
            {"HUAXIANG_RAW_DIR": str(REPO / "tests/fixtures/byod_retail")},
            True,
            "HUAXIANG_PII_SALT is not set",
        ),
        (
            {
                "HUAXIANG_RAW_DIR": str(REPO / "tests/fixtures/byod_retail"),
                "HUAXIANG_REQUIRE_PII_SALT": "true",
            },
            False,
            "HUAXIANG_PII_SALT is not set",
        ),
        ({"HUAXIANG_PII_SALT": "short"}, False, "at least 16 characters"),
    ],
    ids=[
        "default_salt_on_own_data_warns",
        "default_salt_refused_when_required",
        "short_salt_fails",
    ],
)
def test_salt_setting_is_checked(
    env: dict[str, str], ok: bool, message: str, tmp_path: Path
):
    env = {"HUAXIANG_PII_SALT": "", **env}
    result = compile_salt(env, tmp_path / "w.duckdb")
    assert (result.returncode == 0) == ok, result.stdout[-3000:]
    assert message in result.stdout, result.stdout[-3000:]
