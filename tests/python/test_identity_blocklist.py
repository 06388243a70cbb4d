"""The identity blocklist as built: every identifier value a row of the
identity_blocklist seed matches (exactly, or fully as a regex, evaluated here with
Python's re) is excluded from linking, and nothing else is excluded as a placeholder.
Checks int_identifiers_screened, whose blocklist join is prefiltered by literal
patterns rendered from the seed (huaxiang.blocklist_prefilter), against an evaluation
that shares no SQL with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb


def blocked_by_python(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    rules = connection.execute(
        "select identifier_type, match_type, pattern from reference.identity_blocklist"
    ).fetchall()
    values = connection.execute(
        "select distinct identifier_type, identifier_value "
        "from intermediate.int_identifiers_extracted"
    ).fetchall()
    blocked = set()
    for kind, value in values:
        for rule_kind, match_type, pattern in rules:
            if rule_kind != kind:
                continue
            if (match_type == "exact" and value == pattern) or (
                match_type == "regex" and re.fullmatch(pattern, value)
            ):
                blocked.add((kind, value))
    return blocked


def test_screening_excludes_exactly_the_blocklisted_values(warehouse_path: Path):
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        expected = blocked_by_python(connection)
        screened = connection.execute(
            "select identifier_type, identifier_value, exclusion_reason "
            "from intermediate.int_identifiers_screened"
        ).fetchall()
    assert expected, "the demo data holds placeholder identifiers; none matched"
    placeholder = {(t, v) for t, v, reason in screened if reason == "placeholder_value"}
    # A disabled type is excluded first, whatever its value.
    leaked = {
        (t, v)
        for t, v, reason in screened
        if (t, v) in expected and reason not in ("placeholder_value", "type_disabled")
    }
    assert not leaked, f"blocklisted values not excluded: {sorted(leaked)[:5]}"
    wrongly = placeholder - expected
    assert not wrongly, f"placeholders not blocklisted: {sorted(wrongly)[:5]}"
