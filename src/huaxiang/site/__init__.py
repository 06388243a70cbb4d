"""Static persona report site ("Evidence-style"): Markdown + Jinja pages with named SQL.

Build::

    python -m huaxiang.site --db target/huaxiang.duckdb --out target/site [--k-min 10]

The DuckDB file is opened read-only (external file access disabled) and closed before
the pages are rendered. Every page is written in Chinese and English
(``target/site/zh/<page>.html``, ``target/site/en/<page>.html``);
``target/site/index.html`` is the Chinese overview rendered for the site root, so it
works from ``file://`` without JavaScript or redirects. Links are relative, output is
deterministic (same database, same bytes), and nothing is loaded from the network.

Pages (``reports/pages/<name>.md``)
    A front-matter block (``title_zh``, ``title_en``, ``nav`` order; per-row pages add
    ``each``, ``as``, ``slug``, ``group_zh``, ``group_en``), then named query blocks::

        ```sql segments
        select * from reports.rpt_segments order by sort_order
        ```

    then Markdown with Jinja. A query is one SELECT over ``reports.*`` or ``marts.*``
    tables (schema-qualified); a query returning several rows needs ORDER BY. On a
    per-row page (``each: segments``, ``as: segment``) the other queries can use the
    bound row's columns as ``$column`` parameters. See ``pages.py``.

Bilingual prose (the convention)
    ``{{ t('中文', 'English') }}`` for every string. A paragraph that embeds components
    inside the sentence may instead use ``{% if lang == 'zh' %}...{% else %}...
    {% endif %}``. Columns named ``<x>_zh``/``<x>_en`` are read as ``<x>`` in the page
    language (``row.segment_name``, ``table(q, columns=['segment_name'])``), so SQL can
    carry its own labels.

Template context
    Every query by name (iterable rows, ``row.column``), the bound row on per-row pages,
    ``lang``, ``other_lang``, ``k``, ``t(zh, en)``, ``label(column)``,
    ``value_label(code)``, ``url(page)`` / ``url(page, row)`` (relative link),
    ``page``, ``pages``, ``lineage`` (page, query and models read, for an about
    page); filters ``q | where(column, value)`` and ``x | fmt(kind)``. Jinja runs with
    ``autoescape``, ``StrictUndefined``, ``trim_blocks`` and ``lstrip_blocks``.

Components (each renders HTML plus a "source: reports.rpt_xxx" caption)
    ``table(q, columns=None, *, labels=None, formats=None, links=None,
    k_column='customers', title=None)``
    ``bar_chart(q, x, y, series=None, *, stacked=False, horizontal=False, title=None,
    fmt=None, k_column='customers')``
    ``line_chart(q, x, y, series=None, *, title=None, fmt=None, k_column='customers')``
    ``big_value(q_or_row, column, *, label=None, fmt=None, k_column='customers',
    row=0)``
    ``value(q_or_row, column, *, fmt=None, k_column='customers', row=0)`` (inline)
    ``source(q_or_row)`` (only the caption, for numbers written by hand)

    Formats: int, num1, num2, pct, cny, cny0, date, month, text; inferred from the
    column name (``*_share`` pct, ``*_cny`` money, ``*_month`` month) and type.
    Consecutive component lines form a row (cards, small multiples); a blank line
    starts a new block.

Privacy
    Components suppress rows whose ``k_column`` is below k (``<k`` shown, other
    numbers dashed, bars omitted, a note says how many). Raw row access in a template
    (``{{ row.customers }}``, ``| fmt``) is not suppressed: show numbers through the
    components. After rendering, every file is scanned for mobile numbers, emails,
    18-digit IDs and ``http(s)://`` URLs; a hit fails the build and nothing is
    published.

Errors
    Any SQL, template or privacy problem raises ``BuildError`` naming the page file and
    the query (or template line); the CLI prints it and exits with status 1.
"""

from huaxiang.site.errors import BuildError
from huaxiang.site.render import BuildResult, build_site

__all__ = ["BuildError", "BuildResult", "build_site"]
