"""A small Markdown converter for page prose, aware of component fragments.

Supported: ATX headings (``#`` .. ``######``), paragraphs, ``-``/``*``/``+`` and
``1.`` lists (one level; indented lines continue an item), ``>`` block quotes,
``---`` rules, fenced code, raw HTML blocks (a line starting with a tag, up to the next
blank line), and inline ``**bold**``, ``*emphasis*``, ```code``` and ``[text](url)``.
Text is HTML already (Jinja autoescapes query values), so ``<`` is left alone, also in
code spans; a bare ``&`` is escaped. Fenced code is escaped.

Components (tables, charts, big values) render to HTML fragments that the template
output carries as placeholder tokens. A paragraph made only of tokens becomes a block:
one component, or a row of components (consecutive lines without a blank line between
them) laid out side by side; a row shows each distinct note (suppression) once. Each
block or paragraph gets one "source:" caption for the models its numbers come from.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TOKEN_RE = re.compile("\x02F(\\d+)\x03")
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
RULE_RE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
BULLET_RE = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(.*)$")
ORDERED_RE = re.compile(r"^[ \t]{0,3}\d{1,9}[.)][ \t]+(.*)$")
QUOTE_RE = re.compile(r"^[ \t]{0,3}>[ \t]?(.*)$")
FENCE_RE = re.compile(r"^[ \t]{0,3}```")
HTML_BLOCK_RE = re.compile(r"^[ \t]{0,3}</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)")
CODE_SPAN_RE = re.compile(r"`([^`\n]+)`")
LINK_RE = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
BARE_AMP_RE = re.compile(r"&(?!#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")


@dataclass(frozen=True)
class Fragment:
    """HTML of one component call and the models its numbers come from."""

    html: str
    sources: tuple[str, ...]
    block: bool
    notes: tuple[str, ...] = ()


def token(index: int) -> str:
    """Placeholder the template output carries for fragment ``index``."""
    return f"\x02F{index}\x03"


def markdown_to_html(
    text: str,
    fragments: Sequence[Fragment],
    caption: Callable[[tuple[str, ...]], str],
) -> str:
    """Convert page Markdown to HTML, replacing tokens by their fragments."""
    converter = _Converter(fragments, caption)
    return converter.convert(text)


class _Converter:
    def __init__(
        self,
        fragments: Sequence[Fragment],
        caption: Callable[[tuple[str, ...]], str],
    ) -> None:
        self.fragments = fragments
        self.caption = caption

    def convert(self, text: str) -> str:
        lines = text.replace("\r\n", "\n").split("\n")
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                index += 1
            elif FENCE_RE.match(line):
                index = self._fence(lines, index, out)
            elif heading := HEADING_RE.match(line):
                level = len(heading.group(1))
                body, sources = self._inline(heading.group(2))
                out.append(f"<h{level}>{body}</h{level}>")
                self._caption(out, sources)
                index += 1
            elif RULE_RE.match(line):
                out.append("<hr>")
                index += 1
            elif BULLET_RE.match(line) or ORDERED_RE.match(line):
                index = self._list(lines, index, out)
            elif QUOTE_RE.match(line):
                index = self._quote(lines, index, out)
            elif HTML_BLOCK_RE.match(line):
                index = self._html_block(lines, index, out)
            else:
                index = self._paragraph(lines, index, out)
        return "\n".join(out) + "\n"

    # --- blocks ------------------------------------------------------------------

    def _fence(self, lines: list[str], index: int, out: list[str]) -> int:
        body: list[str] = []
        index += 1
        while index < len(lines) and not FENCE_RE.match(lines[index]):
            body.append(lines[index])
            index += 1
        code = html.escape("\n".join(body), quote=False)
        out.append(f"<pre><code>{code}</code></pre>")
        return index + 1

    def _list(self, lines: list[str], index: int, out: list[str]) -> int:
        ordered = ORDERED_RE.match(lines[index]) is not None
        item_re = ORDERED_RE if ordered else BULLET_RE
        items: list[list[str]] = []
        while index < len(lines):
            line = lines[index]
            match = item_re.match(line)
            if match:
                items.append([match.group(1)])
            elif items and line.strip() and line[:1] in (" ", "\t"):
                items[-1].append(line.strip())
            else:
                break
            index += 1
        tag = "ol" if ordered else "ul"
        rendered: list[str] = []
        sources: set[str] = set()
        for item in items:
            body, item_sources = self._inline(" ".join(item))
            sources.update(item_sources)
            rendered.append(f"<li>{body}</li>")
        out.append(f"<{tag}>" + "".join(rendered) + f"</{tag}>")
        self._caption(out, tuple(sorted(sources)))
        return index

    def _quote(self, lines: list[str], index: int, out: list[str]) -> int:
        body: list[str] = []
        while index < len(lines) and (match := QUOTE_RE.match(lines[index])):
            body.append(match.group(1))
            index += 1
        inner = _Converter(self.fragments, self.caption).convert("\n".join(body))
        out.append(f"<blockquote>{inner.strip()}</blockquote>")
        return index

    def _html_block(self, lines: list[str], index: int, out: list[str]) -> int:
        body: list[str] = []
        while index < len(lines) and lines[index].strip():
            body.append(lines[index])
            index += 1
        block, sources = self._replace_tokens("\n".join(body))
        out.append(block)
        self._caption(out, sources)
        return index

    def _paragraph(self, lines: list[str], index: int, out: list[str]) -> int:
        body: list[str] = []
        while index < len(lines):
            line = lines[index]
            if not line.strip() or (
                body
                and (
                    HEADING_RE.match(line)
                    or FENCE_RE.match(line)
                    or RULE_RE.match(line)
                    or BULLET_RE.match(line)
                    or ORDERED_RE.match(line)
                    or QUOTE_RE.match(line)
                )
            ):
                break
            body.append(line.strip())
            index += 1
        text = "\n".join(body)
        only_tokens = TOKEN_RE.sub("", text).strip() == ""
        blocks = [self.fragments[int(n)].block for n in TOKEN_RE.findall(text)]
        if only_tokens and any(blocks):
            out.append(self._component_block(text))
        else:
            rendered, sources = self._inline(text)
            if rendered.strip():
                out.append(f"<p>{rendered}</p>")
            self._caption(out, sources)
        return index

    def _component_block(self, text: str) -> str:
        parts = [self.fragments[int(n)] for n in TOKEN_RE.findall(text)]
        notes = "".join(
            f'<p class="note">{html.escape(note)}</p>'
            for note in dict.fromkeys(note for part in parts for note in part.notes)
        )
        if len(parts) == 1:
            part = parts[0]
            caption = self.caption(part.sources)
            return f'<div class="block">{part.html}{notes}{caption}</div>'
        shared = {part.sources for part in parts}
        if len(shared) == 1:
            cells = "".join(f'<div class="cell">{part.html}</div>' for part in parts)
            return (
                f'<div class="block"><div class="row">{cells}</div>'
                f"{notes}{self.caption(parts[0].sources)}</div>"
            )
        cells = "".join(
            f'<div class="cell">{part.html}{self.caption(part.sources)}</div>'
            for part in parts
        )
        return f'<div class="block"><div class="row">{cells}</div>{notes}</div>'

    def _caption(self, out: list[str], sources: tuple[str, ...]) -> None:
        if sources:
            out.append(self.caption(sources))

    # --- inline ------------------------------------------------------------------

    def _inline(self, text: str) -> tuple[str, tuple[str, ...]]:
        codes: list[str] = []

        def keep_code(match: re.Match[str]) -> str:
            codes.append(f"<code>{match.group(1)}</code>")
            return f"\x02C{len(codes) - 1}\x03"

        text = BARE_AMP_RE.sub("&amp;", text)
        text = CODE_SPAN_RE.sub(keep_code, text)
        text = LINK_RE.sub(_link, text)
        text = BOLD_RE.sub(r"<strong>\1</strong>", text)
        text = EM_RE.sub(r"<em>\1</em>", text)
        text = re.sub("\x02C(\\d+)\x03", lambda m: codes[int(m.group(1))], text)
        return self._replace_tokens(text)

    def _replace_tokens(self, text: str) -> tuple[str, tuple[str, ...]]:
        sources: set[str] = set()

        def fill(match: re.Match[str]) -> str:
            fragment = self.fragments[int(match.group(1))]
            sources.update(fragment.sources)
            return fragment.html

        return TOKEN_RE.sub(fill, text), tuple(sorted(sources))


def _link(match: re.Match[str]) -> str:
    href = match.group(2).replace('"', "%22")
    return f'<a href="{href}">{match.group(1)}</a>'
