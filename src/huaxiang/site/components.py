"""Template components: table, bar_chart, line_chart, big_value, value, source.

Each call returns a placeholder token; the HTML goes to a fragment list that the
Markdown step puts back (see ``markdown.py``), so component HTML is never touched by
Markdown and every block gets its "source: reports.rpt_xxx" caption.

Privacy: every component suppresses rows whose count column (``k_column``, default
``customers``) is below k: the count shows ``<k``, the row's other numbers show a
dash, bars and points are not drawn, and a note says how many rows were hidden.
``k_column=None`` turns suppression off for tables that count rows, not people. With
the default, a query without a ``customers`` column is not suppressed; a named
``k_column`` that the query lacks is an error.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from huaxiang.site import charts
from huaxiang.site.errors import BuildError
from huaxiang.site.i18n import (
    MISSING,
    column_label,
    format_compact,
    format_value,
    infer_format,
    is_number,
    pick,
    ui,
    value_label,
)
from huaxiang.site.markdown import Fragment, token
from huaxiang.site.queries import QueryResult, Row

DEFAULT_K_COLUMN = "customers"

LinkResolver = Callable[[str, Row], str]


class Components:
    """The component functions of one page render (one page, one language)."""

    def __init__(self, *, lang: str, k: int, link: LinkResolver) -> None:
        self.lang = lang
        self.k = k
        self.link = link
        self.fragments: list[Fragment] = []

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {
            "table": self.table,
            "bar_chart": self.bar_chart,
            "line_chart": self.line_chart,
            "big_value": self.big_value,
            "value": self.value,
            "source": self.source,
        }

    def caption(self, sources: tuple[str, ...]) -> str:
        if not sources:
            return ""
        names = ", ".join(f"<code>{html.escape(s)}</code>" for s in sources)
        return f'<p class="source">{ui("source", self.lang)}{names}</p>'

    # --- components ----------------------------------------------------------------

    def table(
        self,
        data: QueryResult | Row,
        columns: Sequence[str] | None = None,
        *,
        labels: dict[str, str] | None = None,
        formats: dict[str, str] | None = None,
        links: dict[str, str] | None = None,
        k_column: str | None = DEFAULT_K_COLUMN,
        title: str | None = None,
    ) -> Markup:
        """A scrolling table of ``columns`` (default: all, one language of _zh/_en
        pairs); ``links`` maps a column to a per-row page its cells link to."""
        result = _as_result(data, "table")
        names = list(columns) if columns is not None else _default_columns(result)
        real = [result.resolve(name) for name in names]
        count = self._k_position(result, k_column)
        labels, formats, links = labels or {}, formats or {}, links or {}
        for mapping, what in (
            (labels, "labels"),
            (formats, "formats"),
            (links, "links"),
        ):
            unknown = sorted(set(mapping) - set(names))
            if unknown:
                raise BuildError(
                    f"table of query '{result.name}': {what} for columns not shown: "
                    f"{', '.join(unknown)}"
                )
        fmts = [
            formats.get(name) or _infer(result, column)
            for name, column in zip(names, real, strict=True)
        ]
        numeric = [_is_numeric_column(result, column) for column in real]
        head = "".join(
            f'<th scope="col"{_num_class(is_num)}>'
            f"{html.escape(labels.get(name) or column_label(name, self.lang))}</th>"
            for name, is_num in zip(names, numeric, strict=True)
        )
        body: list[str] = []
        hidden = 0
        for row in result.with_lang(self.lang):
            suppressed = self._is_suppressed(row, count)
            hidden += suppressed
            cells: list[str] = []
            for name, column, fmt, is_num in zip(
                names, real, fmts, numeric, strict=True
            ):
                cell = self._cell(row, column, fmt, suppressed, count)
                if name in links:
                    cell = f'<a href="{self.link(links[name], row)}">{cell}</a>'
                cells.append(f"<td{_num_class(is_num)}>{cell}</td>")
            row_class = ' class="suppressed"' if suppressed else ""
            body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
        if not body:
            colspan = len(names)
            body.append(f'<tr><td colspan="{colspan}">{ui("no_rows", self.lang)}</td>')
            body[-1] += "</tr>"
        caption = f"<caption>{html.escape(title)}</caption>" if title else ""
        notes = self._rows_note(hidden, result, count)
        markup = (
            f'<div class="table-scroll"><table>{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{notes}"
        )
        return self._emit(markup, result.sources, block=True)

    def bar_chart(
        self,
        data: QueryResult,
        x: str,
        y: str,
        series: str | None = None,
        *,
        stacked: bool = False,
        horizontal: bool = False,
        title: str | None = None,
        fmt: str | None = None,
        k_column: str | None = DEFAULT_K_COLUMN,
    ) -> Markup:
        """Bars of ``y`` per ``x``; with ``series``, grouped (or ``stacked``) bars
        in one colour per series value. ``horizontal`` suits long category labels."""
        return self._chart(
            "bar", data, x, y, series, title, fmt, k_column, stacked, horizontal
        )

    def line_chart(
        self,
        data: QueryResult,
        x: str,
        y: str,
        series: str | None = None,
        *,
        title: str | None = None,
        fmt: str | None = None,
        k_column: str | None = DEFAULT_K_COLUMN,
    ) -> Markup:
        """A line of ``y`` over ordered ``x`` (months), one line per series value."""
        return self._chart(
            "line", data, x, y, series, title, fmt, k_column, False, False
        )

    def big_value(
        self,
        data: QueryResult | Row,
        column: str,
        *,
        label: str | None = None,
        fmt: str | None = None,
        k_column: str | None = DEFAULT_K_COLUMN,
        row: int = 0,
    ) -> Markup:
        """One headline number (row ``row`` of the query, or a bound row)."""
        text, note, suppressed = self._single(data, column, fmt, k_column, row, "big")
        result = _as_result(data, "big_value")
        name = label or column_label(column, self.lang)
        classes = "big-value suppressed" if suppressed else "big-value"
        markup = (
            f'<div class="{classes}"><div class="bv-label">{html.escape(name)}</div>'
            f'<div class="bv-number">{html.escape(text)}</div></div>'
        )
        notes = (note,) if note else ()
        return self._emit(markup, result.sources, block=True, notes=notes)

    def value(
        self,
        data: QueryResult | Row,
        column: str,
        *,
        fmt: str | None = None,
        k_column: str | None = DEFAULT_K_COLUMN,
        row: int = 0,
    ) -> Markup:
        """A number inside a sentence; the paragraph gets the source caption."""
        text, note, suppressed = self._single(
            data, column, fmt, k_column, row, "inline"
        )
        result = _as_result(data, "value")
        if suppressed:
            markup = (
                f'<span class="value suppressed" title="{html.escape(note)}">'
                f"{html.escape(text)}</span>"
            )
        else:
            markup = f'<span class="value">{html.escape(text)}</span>'
        return self._emit(markup, result.sources, block=False)

    def source(self, data: QueryResult | Row) -> Markup:
        """Only the "source:" caption, for numbers written in the prose itself."""
        result = _as_result(data, "source")
        return self._emit("", result.sources, block=False)

    # --- helpers -------------------------------------------------------------------

    def _emit(
        self,
        markup: str,
        sources: tuple[str, ...],
        *,
        block: bool,
        notes: tuple[str, ...] = (),
    ) -> Markup:
        fragment = Fragment(html=markup, sources=sources, block=block, notes=notes)
        self.fragments.append(fragment)
        return Markup(token(len(self.fragments) - 1))

    def _k_position(self, result: QueryResult, k_column: str | None) -> int | None:
        if k_column is None:
            return None
        found = result.find(k_column)
        if found is None:
            if k_column == DEFAULT_K_COLUMN:
                return None
            raise BuildError(
                f"query '{result.name}' has no count column {k_column!r} to suppress "
                "small groups by"
            )
        return result.columns.index(found)

    def _is_suppressed(self, row: Row, count: int | None) -> bool:
        if count is None:
            return False
        value = row._record[count]
        return not is_number(value) or value < self.k

    def _cell(
        self, row: Row, column: str, fmt: str, suppressed: bool, count: int | None
    ) -> str:
        value = row[column]
        if suppressed and count is not None and row._result.columns[count] == column:
            return html.escape(f"<{self.k}")
        if suppressed and is_number(value):
            return MISSING
        if fmt == "text":
            return html.escape(value_label(value, self.lang))
        return html.escape(format_value(value, fmt, self.lang))

    def _rows_note(self, hidden: int, result: QueryResult, count: int | None) -> str:
        if not hidden or count is None:
            return ""
        column = column_label(_base_name(result.columns[count]), self.lang)
        note = ui("suppressed_rows", self.lang, n=hidden, k=self.k, column=column)
        return f'<p class="note">{html.escape(note)}</p>'

    def _single(
        self,
        data: QueryResult | Row,
        column: str,
        fmt: str | None,
        k_column: str | None,
        index: int,
        style: str,
    ) -> tuple[str, str, bool]:
        result = _as_result(data, "big_value" if style == "big" else "value")
        if isinstance(data, Row):
            index = 0
        real = result.resolve(column)
        count = self._k_position(result, k_column)
        if index >= len(result):
            return MISSING, "", False
        row = result.with_lang(self.lang)[index]
        chosen = fmt or _infer(result, real)
        value = row[real]
        if self._is_suppressed(row, count) and count is not None:
            count_label = column_label(_base_name(result.columns[count]), self.lang)
            note = ui("suppressed_value", self.lang, k=self.k, column=count_label)
            if result.columns[count] == real:
                return f"<{self.k}", note, True
            if is_number(value):
                return MISSING, note, True
        if (
            chosen == "cny"
            and style == "big"
            and is_number(value)
            and abs(value) >= 1e4
        ):
            chosen = "cny0"
        if chosen == "text":
            return value_label(value, self.lang), "", False
        return format_value(value, chosen, self.lang), "", False

    def _chart(
        self,
        kind: str,
        data: QueryResult,
        x: str,
        y: str,
        series: str | None,
        title: str | None,
        fmt: str | None,
        k_column: str | None,
        stacked: bool,
        horizontal: bool,
    ) -> Markup:
        result = _as_result(data, f"{kind}_chart")
        x_col, y_col = result.resolve(x), result.resolve(y)
        s_col = result.resolve(series) if series else None
        count = self._k_position(result, k_column)
        y_fmt = fmt or _infer(result, y_col)
        x_fmt = _infer(result, x_col)
        categories: list[str] = []
        series_names: list[str] = []
        cells: dict[tuple[str, str], tuple[float | None, str]] = {}
        hidden = 0
        for row in result.with_lang(self.lang):
            category = self._category(row[x_col], x_fmt)
            name = value_label(row[s_col], self.lang) if s_col else ""
            if category not in categories:
                categories.append(category)
            if name not in series_names:
                series_names.append(name)
            if (category, name) in cells:
                raise BuildError(
                    f"{kind}_chart of query '{result.name}': more than one row for "
                    f"{x}={category!r}" + (f", {series}={name!r}" if series else "")
                )
            value = row[y_col]
            if self._is_suppressed(row, count):
                hidden += 1
                cells[(category, name)] = (None, f"<{self.k}")
            elif is_number(value):
                text = format_value(value, y_fmt, self.lang)
                cells[(category, name)] = (float(value), text)
            else:
                cells[(category, name)] = (None, "")
        chart_series = [
            charts.Series(
                label=name,
                values=tuple(cells.get((c, name), (None, ""))[0] for c in categories),
                texts=tuple(cells.get((c, name), (None, ""))[1] for c in categories),
            )
            for name in series_names
        ]
        heading = title or self._title(x, y, series)
        if not categories:
            shape = "horizontal" if horizontal else "vertical"
            markup = (
                f'<figure class="chart-box {shape} empty">'
                f'<figcaption class="chart-title">{html.escape(heading)}</figcaption>'
                f'<p class="empty">{ui("no_rows", self.lang)}</p></figure>'
            )
            return self._emit(markup, result.sources, block=True)

        def axis(number: float) -> str:
            return format_compact(number, y_fmt, self.lang)

        if kind == "line":
            svg = charts.line_chart_svg(
                title=heading,
                categories=categories,
                series=chart_series,
                axis_format=axis,
            )
        else:
            svg = charts.bar_chart_svg(
                title=heading,
                categories=categories,
                series=chart_series,
                axis_format=axis,
                stacked=stacked,
                horizontal=horizontal,
            )
        note = ""
        if hidden and count is not None:
            column = column_label(_base_name(result.columns[count]), self.lang)
            text = ui("suppressed_bars", self.lang, n=hidden, k=self.k, column=column)
            note = f'<p class="note">{html.escape(text)}</p>'
        shape = "horizontal" if horizontal else "vertical"
        markup = (
            f'<figure class="chart-box {shape}">'
            f'<figcaption class="chart-title">{html.escape(heading)}</figcaption>'
            f'<div class="chart-scroll">{svg}</div>'
            f"{charts.legend_html(chart_series)}{note}"
            f"{self._data_details(x, y, categories, chart_series)}</figure>"
        )
        return self._emit(markup, result.sources, block=True)

    def _category(self, value: object, fmt: str) -> str:
        if fmt == "text":
            return value_label(value, self.lang)
        return format_value(value, fmt, self.lang)

    def _title(self, x: str, y: str, series: str | None) -> str:
        x_label = column_label(x, self.lang)
        y_label = column_label(y, self.lang)
        if series:
            s_label = column_label(series, self.lang)
            return pick(
                self.lang,
                f"{y_label}（按{x_label}、{s_label}）",
                f"{y_label} by {x_label.lower()} and {s_label.lower()}",
            )
        return pick(
            self.lang, f"{y_label}（按{x_label}）", f"{y_label} by {x_label.lower()}"
        )

    def _data_details(
        self, x: str, y: str, categories: list[str], series: list[charts.Series]
    ) -> str:
        names = [s.label for s in series] if len(series) > 1 else [y]
        head = f'<th scope="col">{html.escape(column_label(x, self.lang))}</th>'
        for name in names:
            label = name if len(series) > 1 else column_label(name, self.lang)
            head += f'<th scope="col" class="num">{html.escape(label)}</th>'
        rows = []
        for index, category in enumerate(categories):
            cells = "".join(
                f'<td class="num">{html.escape(s.texts[index] or MISSING)}</td>'
                for s in series
            )
            rows.append(f'<tr><th scope="row">{html.escape(category)}</th>{cells}</tr>')
        return (
            f'<details class="chart-data"><summary>{ui("data", self.lang)}</summary>'
            f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div></details>"
        )


def _as_result(data: object, component: str) -> QueryResult:
    if isinstance(data, QueryResult):
        return data
    if isinstance(data, Row):
        return QueryResult(
            name=data._result.name,
            page=data._result.page,
            columns=data._result.columns,
            records=(data._record,),
            sources=data._result.sources,
            lang=data._result.lang,
        )
    raise BuildError(
        f"{component}() expects a query name (or a row of one), got "
        f"{type(data).__name__}"
    )


def _default_columns(result: QueryResult) -> list[str]:
    names: list[str] = []
    for column in result.columns:
        base = _base_name(column)
        if base != column and f"{base}_zh" in result.columns:
            if f"{base}_en" in result.columns and base not in names:
                names.append(base)
            continue
        names.append(column)
    return names


def _base_name(column: str) -> str:
    for suffix in ("_zh", "_en"):
        if column.endswith(suffix):
            return column[: -len(suffix)]
    return column


def _infer(result: QueryResult, column: str) -> str:
    position = result.columns.index(column)
    sample = next(
        (record[position] for record in result.records if record[position] is not None),
        None,
    )
    return infer_format(_base_name(column), sample)


def _is_numeric_column(result: QueryResult, column: str) -> bool:
    position = result.columns.index(column)
    return any(is_number(record[position]) for record in result.records)


def _num_class(is_number_column: bool) -> str:
    return ' class="num"' if is_number_column else ""
