"""Inline SVG charts: vertical or horizontal bars (single, grouped, stacked) and lines.

Pure functions from categories and series to an SVG string: no JavaScript, no ids,
coordinates rounded to one decimal, so the same data always gives the same bytes.
Each chart has a ``<title>`` and ``<desc>`` (``role="img"``) and every bar or point a
``<title>`` with its label and formatted value. Missing values (``None``: suppressed or
absent) draw nothing. Colours and fonts come from the site CSS classes where possible.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

PALETTE: tuple[str, ...] = (
    "#2f6fb3",  # blue
    "#e8833a",  # orange
    "#2e9e74",  # green
    "#c8504a",  # red
    "#8565c4",  # purple
    "#9a7150",  # brown
    "#cf6aa6",  # pink
    "#6f7782",  # grey
)
FONT_SIZE = 12.0
MAX_BAR = 44.0  # widest vertical bar, so few categories do not give slabs


@dataclass(frozen=True)
class Series:
    """One coloured series: a value (or None) and its display text per category."""

    label: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def legend_html(series: Sequence[Series]) -> str:
    if len(series) < 2:
        return ""
    items = "".join(
        f'<li><span class="swatch" style="background:{color(i)}"></span>'
        f"{html.escape(s.label)}</li>"
        for i, s in enumerate(series)
    )
    return f'<ul class="legend">{items}</ul>'


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK and full-width glyphs are square, Latin narrower."""
    width = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            width += 1.0
        elif char in "il.,:;|!'":
            width += 0.3
        elif char.isupper() or char in "mw%@¥":
            width += 0.72
        else:
            width += 0.56
    return width * size


def fit_text(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 x 10^n)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw
    )
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    steps = round((stop - start) / step)
    return [_clean(start + i * step) for i in range(steps + 1)]


def bar_chart_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    axis_format: Callable[[float], str],
    stacked: bool = False,
    horizontal: bool = False,
) -> str:
    """Bar chart; several series are grouped side by side, or stacked."""
    if horizontal:
        return _horizontal_bars(title, categories, series, stacked)
    return _vertical_bars(title, categories, series, axis_format, stacked)


def line_chart_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    axis_format: Callable[[float], str],
) -> str:
    """Line chart over ordered categories (months); gaps where values are missing."""
    values = [v for s in series for v in s.values if v is not None]
    frame = _Frame(categories, min(values, default=0.0), max(values, default=1.0))
    frame.measure(axis_format)
    parts = [_open(title, _describe(categories, series), frame.width, frame.height)]
    parts.extend(frame.grid(axis_format))
    for index, one in enumerate(series):
        runs: list[list[tuple[float, float, int]]] = [[]]
        for i, value in enumerate(one.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append((frame.center(i), frame.y(value), i))
        stroke = color(index)
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y, _ in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{stroke}" '
                    'stroke-width="2.2" stroke-linejoin="round"/>'
                )
            for x, y, i in run:
                tip = _tip(categories[i], one, i, len(series))
                parts.append(
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.2" fill="{stroke}">'
                    f"<title>{tip}</title></circle>"
                )
    parts.extend(frame.x_labels())
    parts.append("</svg>")
    return "".join(parts)


# --- vertical bars -----------------------------------------------------------------


def _vertical_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    axis_format: Callable[[float], str],
    stacked: bool,
) -> str:
    spans = _spans(categories, series, stacked)
    ends = [end for span in spans for end in span[1:3]]
    frame = _Frame(categories, min(ends, default=0.0), max(ends, default=1.0))
    frame.measure(axis_format)
    parts = [_open(title, _describe(categories, series), frame.width, frame.height)]
    parts.extend(frame.grid(axis_format))
    slots = 1 if stacked else max(len(series), 1)
    slot = min(frame.band * 0.72 / slots, MAX_BAR)
    group = slot * slots
    for category, start, end, s_index in spans:
        left = frame.left + category * frame.band + (frame.band - group) / 2
        if not stacked:
            left += s_index * slot
        top, bottom = sorted((frame.y(start), frame.y(end)))
        one = series[s_index]
        tip = _tip(categories[category], one, category, len(series))
        parts.append(
            f'<rect x="{_n(left + 0.5)}" y="{_n(top)}" width="{_n(max(slot - 1, 1))}" '
            f'height="{_n(max(bottom - top, 0.5))}" fill="{color(s_index)}">'
            f"<title>{tip}</title></rect>"
        )
        if len(series) == 1 and len(categories) <= 16:
            text = one.texts[category]
            if text_width(text, 11) <= frame.band:
                label_y = top - 4 if end >= start else bottom + 12
                parts.append(
                    f'<text class="value" x="{_n(left + slot / 2)}" y="{_n(label_y)}" '
                    f'text-anchor="middle">{html.escape(text)}</text>'
                )
    if len(series) == 1:
        for category, _, text in _missing(categories, series):
            if text_width(text, 11) <= frame.band:
                parts.append(
                    f'<text class="value suppressed" x="{_n(frame.center(category))}" '
                    f'y="{_n(frame.y(0) - 4)}" text-anchor="middle">'
                    f"{html.escape(text)}</text>"
                )
    parts.extend(frame.x_labels())
    parts.append("</svg>")
    return "".join(parts)


class _Frame:
    """Plot area, y scale, grid and category labels shared by bars and lines."""

    width = 640.0
    height = 300.0
    top = 18.0
    right = 12.0
    bottom = 34.0

    def __init__(self, categories: Sequence[str], low: float, high: float) -> None:
        self.categories = categories
        self.ticks = nice_ticks(min(low, 0.0), max(high, 0.0))
        self.left = 48.0

    def measure(self, axis_format: Callable[[float], str]) -> None:
        widest = max(text_width(axis_format(tick), 11) for tick in self.ticks)
        self.left = max(36.0, widest + 14.0)

    @property
    def band(self) -> float:
        return (self.width - self.left - self.right) / max(len(self.categories), 1)

    def center(self, index: int) -> float:
        return self.left + (index + 0.5) * self.band

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        plot = self.height - self.top - self.bottom
        return self.top + plot * (high - value) / (high - low)

    def grid(self, axis_format: Callable[[float], str]) -> list[str]:
        parts = ['<g class="grid">']
        for tick in self.ticks:
            y = _n(self.y(tick))
            line_class = "zero" if tick == 0 else "tick"
            parts.append(
                f'<line class="{line_class}" x1="{_n(self.left)}" y1="{y}" '
                f'x2="{_n(self.width - self.right)}" y2="{y}"/>'
                f'<text class="axis" x="{_n(self.left - 6)}" y="{y}" '
                f'dy="0.35em" text-anchor="end">{html.escape(axis_format(tick))}</text>'
            )
        parts.append("</g>")
        return parts

    def x_labels(self) -> list[str]:
        if not self.categories:
            return []
        widest = max(text_width(c, 11) for c in self.categories) + 10
        step = max(1, math.ceil(widest / self.band))
        baseline = _n(self.height - self.bottom + 16)
        parts = ['<g class="x-labels">']
        for index, category in enumerate(self.categories):
            if index % step:
                continue
            text = _label_text(category, max(self.band * step - 4, 24))
            parts.append(
                f'<text class="axis" x="{_n(self.center(index))}" y="{baseline}" '
                f'text-anchor="middle">{text}</text>'
            )
        parts.append("</g>")
        return parts


# --- horizontal bars ---------------------------------------------------------------


def _horizontal_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool,
) -> str:
    width = 360.0
    spans = _spans(categories, series, stacked)
    ends = [end for span in spans for end in span[1:3]]
    low, high = min([0.0, *ends]), max([0.0, *ends])
    if high == low:
        high = low + 1.0
    # 10% and 8 px of slack over the width estimate: Latin glyphs of the CJK
    # fonts run wider than it, which clipped 'Omnichannel' at the left edge.
    label_width = min(
        max((text_width(c) * 1.1 for c in categories), default=0.0) + 18,
        width * 0.4,
    )
    texts = [] if stacked else [t for s in series for t in s.texts]
    value_width = max((text_width(t, 11) for t in texts), default=0.0) + 8
    plot_left, plot_right = label_width, width - value_width
    slots = 1 if stacked else max(len(series), 1)
    bar = 16.0 if slots == 1 else 12.0
    band = bar * slots + 10.0
    height = band * max(len(categories), 1) + 8.0

    def x(value: float) -> float:
        return plot_left + (plot_right - plot_left) * (value - low) / (high - low)

    parts = [_open(title, _describe(categories, series), width, height)]
    for index, category in enumerate(categories):
        y = 4.0 + index * band + band / 2
        parts.append(
            f'<text class="label" x="{_n(label_width - 8)}" y="{_n(y)}" dy="0.35em" '
            f'text-anchor="end">{_label_text(category, label_width - 10)}</text>'
        )
    if low < 0:
        parts.append(
            f'<line class="zero" x1="{_n(x(0))}" y1="0" x2="{_n(x(0))}" '
            f'y2="{_n(height)}"/>'
        )
    for category, start, end, s_index in spans:
        top = 4.0 + category * band + 5.0 + (0 if stacked else s_index * bar)
        left, right = sorted((x(start), x(end)))
        tip = _tip(categories[category], series[s_index], category, len(series))
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(max(right - left, 0.5))}" '
            f'height="{_n(bar - 1)}" fill="{color(s_index)}" rx="1.5">'
            f"<title>{tip}</title></rect>"
        )
        if not stacked:
            text = series[s_index].texts[category]
            parts.append(
                f'<text class="value" x="{_n(right + 4)}" y="{_n(top + bar / 2)}" '
                f'dy="0.35em">{html.escape(text)}</text>'
            )
    for category, s_index, text in _missing(categories, series):
        top = 4.0 + category * band + 5.0 + (0 if stacked else s_index * bar)
        parts.append(
            f'<text class="value suppressed" x="{_n(x(0) + 4)}" '
            f'y="{_n(top + bar / 2)}" dy="0.35em">{html.escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- shared ------------------------------------------------------------------------


def _spans(
    categories: Sequence[str], series: Sequence[Series], stacked: bool
) -> list[tuple[int, float, float, int]]:
    """(category, start, end, series) of every bar; stacks grow away from zero."""
    spans: list[tuple[int, float, float, int]] = []
    for category in range(len(categories)):
        up = down = 0.0
        for s_index, one in enumerate(series):
            value = one.values[category]
            if value is None:
                continue
            if not stacked:
                spans.append((category, 0.0, value, s_index))
            elif value >= 0:
                spans.append((category, up, up + value, s_index))
                up += value
            else:
                spans.append((category, down, down + value, s_index))
                down += value
    return spans


def _missing(
    categories: Sequence[str], series: Sequence[Series]
) -> list[tuple[int, int, str]]:
    """(category, series, text) of values not drawn but labelled (e.g. "<10")."""
    return [
        (category, s_index, one.texts[category])
        for category in range(len(categories))
        for s_index, one in enumerate(series)
        if one.values[category] is None and one.texts[category]
    ]


def _open(title: str, description: str, width: float, height: float) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img">'
        f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
    )


def _describe(categories: Sequence[str], series: Sequence[Series]) -> str:
    names = ", ".join(s.label for s in series if s.label)
    first = categories[0] if categories else ""
    last = categories[-1] if categories else ""
    text = f"{len(categories)} × {len(series)}: {first} … {last}"
    return f"{text} ({names})" if names else text


def _tip(category: str, series: Series, index: int, count: int) -> str:
    name = f" · {series.label}" if count > 1 and series.label else ""
    return html.escape(f"{category}{name}: {series.texts[index]}")


def _label_text(text: str, max_width: float) -> str:
    """A label cut to ``max_width``; the full text as a tooltip when it was cut."""
    shown = fit_text(text, max_width)
    if shown == text:
        return html.escape(text)
    return f"{html.escape(shown)}<title>{html.escape(text)}</title>"


def _clean(value: float) -> float:
    rounded = round(value, 10)
    return 0.0 if rounded == 0 else rounded


def _n(value: float) -> str:
    text = f"{value:.1f}"
    if text == "-0.0":
        return "0"
    return text[:-2] if text.endswith(".0") else text
