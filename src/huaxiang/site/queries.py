"""Run page queries read-only and hand their rows to templates.

Every query block is checked with DuckDB's own parser (``json_serialize_sql``) before
it runs:

- it must be exactly one SELECT (no COPY, ATTACH, PIVOT statement, ...);
- every table it reads must be schema-qualified in ``reports`` or ``marts`` (or be a
  CTE of the query); table functions such as ``read_csv`` are refused;
- a query returning more than one row must end with ORDER BY, so pages are
  deterministic.

The tables read become the query's ``sources``, shown under every number as
"source: reports.rpt_xxx". ``$name`` parameters are bound from the row a per-row page
is rendered for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from huaxiang.site.errors import BuildError

ALLOWED_SCHEMAS = ("reports", "marts")


@dataclass(frozen=True)
class QueryResult:
    """Rows of one named query, iterable in templates (``{% for row in q %}``)."""

    name: str
    page: str
    columns: tuple[str, ...]
    records: tuple[tuple[Any, ...], ...]
    sources: tuple[str, ...]
    lang: str = "zh"

    def with_lang(self, lang: str) -> QueryResult:
        return replace(self, lang=lang)

    def find(self, column: str) -> str | None:
        """The real column for ``column``: itself, or ``<column>_<lang>``."""
        if column in self.columns:
            return column
        localized = f"{column}_{self.lang}"
        if localized in self.columns:
            return localized
        return None

    def resolve(self, column: str) -> str:
        found = self.find(column)
        if found is None:
            raise BuildError(
                f"query '{self.name}' has no column {column!r} "
                f"(columns: {', '.join(self.columns)})"
            )
        return found

    def where(self, column: str, value: object) -> QueryResult:
        """Rows whose ``column`` equals ``value`` (the ``where`` template filter)."""
        position = self.columns.index(self.resolve(column))
        kept = tuple(record for record in self.records if record[position] == value)
        return replace(self, name=f"{self.name}[{column}={value}]", records=kept)

    def __iter__(self) -> Iterator[Row]:
        return (Row(record, self) for record in self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __bool__(self) -> bool:
        return bool(self.records)

    def __getitem__(self, index: int) -> Row:
        if not isinstance(index, int):
            raise KeyError(index)
        return Row(self.records[index], self)


class Row:
    """One result row: ``row.column`` / ``row['column']``; ``row.segment_name`` falls
    back to ``segment_name_zh`` or ``segment_name_en`` in the page language."""

    __slots__ = ("_record", "_result")

    def __init__(self, record: tuple[Any, ...], result: QueryResult) -> None:
        self._record = record
        self._result = result

    def _get(self, column: str) -> Any:
        found = self._result.find(column)
        if found is None:
            raise KeyError(column)
        return self._record[self._result.columns.index(found)]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._get(name)
        except KeyError:
            raise AttributeError(
                f"row of query '{self._result.name}' has no column {name!r}"
            ) from None

    def __getitem__(self, column: str) -> Any:
        return self._get(column)

    def __contains__(self, column: object) -> bool:
        return isinstance(column, str) and self._result.find(column) is not None

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._result.columns, self._record, strict=True))})"


def run_query(
    con: duckdb.DuckDBPyConnection,
    *,
    page: str,
    name: str,
    sql: str,
    params: dict[str, Any] | None = None,
) -> QueryResult:
    """Check and run one query block; errors name the page file and the query."""
    where = f"{page}: query '{name}'"
    tree = _parse(con, sql, where)
    statement = tree["statements"][0]
    sources = _sources(statement, where)
    wanted = sorted(_parameters(statement))
    bound = params or {}
    missing = [parameter for parameter in wanted if parameter not in bound]
    if missing:
        raise BuildError(
            f"{where}: parameter(s) {', '.join('$' + m for m in missing)} are not "
            "columns of the row this page is rendered for"
        )
    try:
        cursor = con.execute(sql, {key: bound[key] for key in wanted} or None)
        columns = tuple(column[0] for column in cursor.description or ())
        records = tuple(tuple(record) for record in cursor.fetchall())
    except duckdb.Error as error:
        raise BuildError(f"{where} failed: {error}") from error
    if len(set(columns)) != len(columns):
        raise BuildError(f"{where}: column names must be unique: {columns}")
    if len(records) > 1 and not _is_ordered(statement):
        raise BuildError(
            f"{where}: returns {len(records)} rows but has no ORDER BY; "
            "add one so the site is deterministic"
        )
    return QueryResult(
        name=name, page=page, columns=columns, records=records, sources=sources
    )


def query_sources(
    con: duckdb.DuckDBPyConnection, *, page: str, name: str, sql: str
) -> tuple[str, ...]:
    """The tables a query reads (checked as in ``run_query``) without running it."""
    where = f"{page}: query '{name}'"
    tree = _parse(con, sql, where)
    return _sources(tree["statements"][0], where)


def _parse(con: duckdb.DuckDBPyConnection, sql: str, where: str) -> dict[str, Any]:
    try:
        raw = con.execute("select json_serialize_sql($sql)", {"sql": sql}).fetchone()
    except duckdb.Error as error:
        raise BuildError(f"{where} could not be parsed: {error}") from error
    tree: dict[str, Any] = json.loads(raw[0]) if raw else {"error": True}
    if tree.get("error"):
        message = tree.get("error_message", "unknown error")
        raise BuildError(f"{where}: only one SELECT query is allowed ({message})")
    if len(tree.get("statements", [])) != 1:
        raise BuildError(f"{where}: a query block holds exactly one SELECT statement")
    return tree


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


def _sources(statement: dict[str, Any], where: str) -> tuple[str, ...]:
    cte_names = {
        entry["key"]
        for node in _walk(statement)
        if isinstance(node.get("cte_map"), dict)
        for entry in node["cte_map"].get("map", [])
    }
    sources: set[str] = set()
    for node in _walk(statement):
        if node.get("type") == "TABLE_FUNCTION":
            raise BuildError(f"{where}: table functions are not allowed in reports")
        if node.get("type") != "BASE_TABLE":
            continue
        schema, table = node.get("schema_name", ""), node.get("table_name", "")
        if not schema and table in cte_names:
            continue
        if schema.lower() not in ALLOWED_SCHEMAS or node.get("catalog_name"):
            raise BuildError(
                f"{where}: reads {'.'.join(filter(None, (schema, table)))}; pages read "
                f"only tables qualified as {' or '.join(ALLOWED_SCHEMAS)}.<table>"
            )
        sources.add(f"{schema.lower()}.{table.lower()}")
    return tuple(sorted(sources))


def _parameters(statement: dict[str, Any]) -> set[str]:
    return {
        str(node["identifier"])
        for node in _walk(statement)
        if node.get("class") == "PARAMETER" and "identifier" in node
    }


def _is_ordered(statement: dict[str, Any]) -> bool:
    modifiers = statement.get("node", {}).get("modifiers", [])
    return any(modifier.get("type") == "ORDER_MODIFIER" for modifier in modifiers)
