"""Parse page files: front matter, named ```sql <name> query blocks, template body.

A page file ``reports/pages/<name>.md`` looks like::

    ---
    title_zh: 概览
    title_en: Overview
    nav: 10
    ---

    ```sql overview
    select * from reports.rpt_overview
    ```

    # {{ t('概览', 'Overview') }}
    {{ big_value(overview, 'customers') }}

Front matter keys: ``title_zh``, ``title_en`` (Jinja, may use the bound row),
``nav`` (integer order in the navigation bar) and, for a page rendered once per row
of one of its queries, ``each`` (the query), ``as`` (the variable the row is bound to)
``slug`` (the column that names the output file ``<name>-<slug>.html``) and
``group_zh``/``group_en`` (the label of the group of those pages in the navigation).

Query blocks are removed from the template and replaced by blank lines, so line
numbers in template errors are line numbers of the page file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from huaxiang.site.errors import BuildError

PAGE_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
QUERY_FENCE_RE = re.compile(r"^```sql[ \t]+(\S+)[ \t]*$")
FENCE_CLOSE_RE = re.compile(r"^```[ \t]*$")
FRONT_MATTER_KEYS = {
    "title_zh",
    "title_en",
    "nav",
    "each",
    "as",
    "slug",
    "group_zh",
    "group_en",
}

# Names the templates already use; a query must not shadow them.
RESERVED_NAMES = frozenset(
    {
        "lang",
        "other_lang",
        "k",
        "t",
        "page",
        "pages",
        "lineage",
        "label",
        "value_label",
        "url",
        "page_url",
        "table",
        "bar_chart",
        "line_chart",
        "big_value",
        "value",
        "source",
        "loop",
        "self",
    }
)


@dataclass(frozen=True)
class QuerySpec:
    name: str
    sql: str
    line: int


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: Path
    title_zh: str
    title_en: str
    nav: int
    queries: tuple[QuerySpec, ...]
    template: str
    each: str | None = None
    bind_as: str | None = None
    slug: str | None = None
    group_zh: str | None = None
    group_en: str | None = None

    @property
    def is_per_row(self) -> bool:
        return self.each is not None


def parse_page(path: Path) -> PageSpec:
    """Parse one page file; raise BuildError naming the file and line on problems."""
    name = path.stem
    if not PAGE_NAME_RE.match(name):
        raise BuildError(f"{path}: page file names must match {PAGE_NAME_RE.pattern}")
    lines = path.read_text(encoding="utf-8").splitlines()
    front, body_start = _front_matter(path, lines)
    queries: list[QuerySpec] = []
    template_lines = [""] * body_start
    index = body_start
    while index < len(lines):
        line = lines[index]
        match = QUERY_FENCE_RE.match(line)
        if match is None:
            template_lines.append(line)
            index += 1
            continue
        query_name = match.group(1)
        start = index
        _check_query_name(path, start + 1, query_name, queries)
        index += 1
        sql_lines: list[str] = []
        while index < len(lines) and not FENCE_CLOSE_RE.match(lines[index]):
            sql_lines.append(lines[index])
            index += 1
        if index >= len(lines):
            raise BuildError(
                f"{path}:{start + 1}: query '{query_name}' has no closing ``` fence"
            )
        sql = "\n".join(sql_lines).strip()
        if not sql:
            raise BuildError(f"{path}:{start + 1}: query '{query_name}' is empty")
        queries.append(QuerySpec(name=query_name, sql=sql, line=start + 1))
        template_lines.extend([""] * (index - start + 1))
        index += 1
    return _page_spec(path, name, front, tuple(queries), "\n".join(template_lines))


def load_pages(pages_dir: Path) -> list[PageSpec]:
    """All pages of a folder in navigation order; ``index.md`` is required."""
    if not pages_dir.is_dir():
        raise BuildError(f"{pages_dir}: page folder not found")
    pages = [parse_page(path) for path in sorted(pages_dir.glob("*.md"))]
    if not any(page.name == "index" and not page.is_per_row for page in pages):
        raise BuildError(f"{pages_dir}: an index.md page (the overview) is required")
    return sorted(pages, key=lambda page: (page.nav, page.name))


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise BuildError(f"{path}:1: a page starts with a --- front-matter block")
    values: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == "---":
            return values, number
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, raw = stripped.partition(":")
        key = key.strip()
        if not sep or key not in FRONT_MATTER_KEYS:
            raise BuildError(
                f"{path}:{number}: front matter expects 'key: value' with key in "
                f"{sorted(FRONT_MATTER_KEYS)}, got {stripped!r}"
            )
        if key in values:
            raise BuildError(f"{path}:{number}: front-matter key {key!r} repeated")
        values[key] = _unquote(raw.strip())
    raise BuildError(f"{path}:1: front-matter block is not closed with ---")


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1]
    return raw


def _check_query_name(
    path: Path, line: int, name: str, queries: list[QuerySpec]
) -> None:
    if not IDENTIFIER_RE.match(name):
        raise BuildError(f"{path}:{line}: query name {name!r} is not an identifier")
    if name in RESERVED_NAMES:
        raise BuildError(f"{path}:{line}: query name {name!r} is reserved")
    if any(query.name == name for query in queries):
        raise BuildError(f"{path}:{line}: query name {name!r} used twice")


def _page_spec(
    path: Path,
    name: str,
    front: dict[str, str],
    queries: tuple[QuerySpec, ...],
    template: str,
) -> PageSpec:
    for key in ("title_zh", "title_en", "nav"):
        if not front.get(key):
            raise BuildError(f"{path}: front matter needs {key!r}")
    try:
        nav = int(front["nav"])
    except ValueError:
        raise BuildError(f"{path}: front-matter 'nav' must be an integer") from None
    per_row_keys = ("each", "as", "slug", "group_zh", "group_en")
    per_row = [front.get(key) for key in per_row_keys]
    if any(per_row) and not all(per_row):
        raise BuildError(f"{path}: {', '.join(per_row_keys)} go together")
    each, bind_as, slug, group_zh, group_en = per_row
    if each is not None and not any(query.name == each for query in queries):
        raise BuildError(f"{path}: 'each: {each}' names no query block of the page")
    if bind_as is not None and (
        not IDENTIFIER_RE.match(bind_as) or bind_as in RESERVED_NAMES
    ):
        raise BuildError(f"{path}: 'as: {bind_as}' must be a free identifier")
    if bind_as is not None and any(query.name == bind_as for query in queries):
        raise BuildError(f"{path}: 'as: {bind_as}' clashes with a query name")
    if name == "index" and each is not None:
        raise BuildError(f"{path}: the index page cannot be rendered per row")
    return PageSpec(
        name=name,
        path=path,
        title_zh=front["title_zh"],
        title_en=front["title_en"],
        nav=nav,
        queries=queries,
        template=template,
        each=each,
        bind_as=bind_as,
        slug=slug,
        group_zh=group_zh,
        group_en=group_en,
    )
