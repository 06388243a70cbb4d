"""Macros whose logic is plain Jinja, rendered without dbt (fast) and run on DuckDB.

dbt's context is mocked only as far as these macros use it: var(), exceptions,
modules.re, adapter.dispatch (DuckDB variants) and return().
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import jinja2
import pytest

REPO = Path(__file__).resolve().parents[2]


class CompilerError(Exception):
    pass


class Returned(Exception):  # noqa: N818 (dbt's return() is an early exit)
    def __init__(self, value: object) -> None:
        self.value = value


def load_macros(path: str, variables: dict[str, object]):  # noqa: ANN201
    def raise_compiler_error(message: str) -> None:
        raise CompilerError(message)

    def return_(value: object) -> None:
        raise Returned(value)

    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    module_holder: dict[str, object] = {}

    def dispatch(name: str, namespace: str):  # noqa: ANN202
        module = module_holder["module"]
        return getattr(module, f"duckdb__{name}", None) or getattr(
            module, f"default__{name}"
        )

    env.globals.update(
        var=lambda name, default=None: variables.get(name, default),
        exceptions=type(
            "E", (), {"raise_compiler_error": staticmethod(raise_compiler_error)}
        ),
        modules=type("M", (), {"re": re}),
        adapter=type("A", (), {"dispatch": staticmethod(dispatch)}),
        **{"return": return_},
    )
    module = env.from_string((REPO / path).read_text(encoding="utf-8")).module
    module_holder["module"] = module
    return module


def call(macro, *args: object) -> str:  # noqa: ANN001
    try:
        return str(macro(*args))
    except Returned as returned:
        return str(returned.value)


def is_test(prefixes: object, names: list[str]) -> list[bool]:
    macros = load_macros(
        "macros/staging/quarantine.sql", {"test_account_name_prefixes": prefixes}
    )
    condition = call(macros.is_test_account_name, "name")
    with duckdb.connect() as connection:
        return [
            row[0]
            for row in connection.execute(
                f"select coalesce({condition}, false) from unnest(?) as t(name)",
                [names],
            ).fetchall()
        ]


def test_test_account_prefixes_match_literally_and_ignore_case() -> None:
    names = ["测试用户", "Test Kim", "qa_1", "qa-1", "qax1", "O'Brien x", "张三", None]
    got = is_test(["测试", "TEST", "qa_", "o'brien"], names)
    assert got == [True, True, True, False, False, True, False, False]


def test_empty_prefix_list_matches_nothing_and_a_string_is_refused() -> None:
    assert is_test([], ["test", "测试"]) == [False, False]
    with pytest.raises(CompilerError, match="must be a list"):
        is_test("test", ["test"])


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (8, "interval 8 hour"),
        ("8", "interval 8 hour"),
        (8.0, "interval 8 hour"),
        (-3, "interval -3 hour"),
    ],
)
def test_interval_of_takes_whole_numbers(amount: object, expected: str) -> None:
    macros = load_macros("macros/engines/portability.sql", {})
    assert call(macros.interval_of, amount, "hour").strip() == expected


@pytest.mark.parametrize("amount", ["8h", "", "1.5", "n/a"])
def test_interval_of_refuses_what_is_not_a_whole_number(amount: str) -> None:
    macros = load_macros("macros/engines/portability.sql", {})
    with pytest.raises(CompilerError, match="whole number"):
        call(macros.interval_of, amount, "hour")


@pytest.mark.parametrize(
    "text", ["\\+861[3-9][0-9]0{8}", "it's", "a\\'b", "(test|null)@.*"]
)
def test_text_literal_reaches_the_engine_unchanged(text: str) -> None:
    macros = load_macros("macros/engines/portability.sql", {})
    literal = call(macros.text_literal, text)
    with duckdb.connect() as connection:  # not the shared default connection
        assert connection.execute(f"select {literal}").fetchall() == [(text,)]
    # Spark reads backslash escapes in literals: undo them as its parser does.
    spark = call(macros.spark__text_literal, text).strip()
    assert spark.startswith("'") and spark.endswith("'")
    unescaped = re.sub(r"\\(.)", r"\1", spark[1:-1])
    assert unescaped == text
