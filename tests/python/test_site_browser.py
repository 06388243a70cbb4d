"""The built report site in headless Chromium: offline, error-free, usable on a phone.

Which site
    The module builds its own copy of the site, with ``huaxiang.site.build_site``,
    from the warehouse ``HUAXIANG_DUCKDB_PATH`` (default ``target/huaxiang.duckdb``,
    the one ``make build`` writes and ``make site`` reads) into a tmp dir. That is the
    same bytes ``make site`` writes (the build is deterministic) but never a stale
    ``target/site``. The tests skip when the warehouse was not built.

Browser
    Debian's ``/usr/bin/chromium`` (``make browser`` installs it and a CJK font with
    apt), driven by Playwright through ``executable_path``. ``playwright install`` is
    never run: no browser is downloaded.

Checks, on every page (zh and en, plus the root ``index.html``)
    * desktop (1280 px) and phone (375 px, touch, honours ``<meta viewport>``): no
      console message of level error, no uncaught exception, no failed request, no
      HTTP error status;
    * offline: every request that is not ``file:`` (inside the site folder) or
      ``data:`` is aborted before it is sent and reported. Chromium also gets an
      unreachable proxy, so nothing could leave even if a request were not routed;
    * phone: the document is no wider than the viewport (wide tables and charts must
      scroll inside their own box) and the navigation is visible on the first screen.

    A full-page screenshot of every page and viewport is written to
    ``target/site-screenshots/<desktop|phone>/<page path>.png`` (replaced each run).

The planted-failure cases copy the built site to a tmp dir, plant one fault into one
page copy (an external image, ``console.error``, a page too wide for a phone, ...) and
check that the same page check reports it, so the checks above cannot pass vacuously.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from huaxiang.site import BuildError, build_site

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed: run `make setup` (see requirements.lock)",
)

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "reports"
SCREENSHOTS = REPO / "target" / "site-screenshots"
CHROMIUM = Path("/usr/bin/chromium")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Nothing listens on the discard port: a request that escaped the route below would
# fail here instead of reaching the network.
DEAD_PROXY = {"server": "http://127.0.0.1:9"}

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 375, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    },
}
PHONE_WIDTH = VIEWPORTS["phone"]["viewport"]["width"]
PHONE_HEIGHT = VIEWPORTS["phone"]["viewport"]["height"]

SETTLE_JS = """async () => {
    document.body.getBoundingClientRect();
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    await document.fonts.ready;
}"""

# Widths of the whole document and where the navigation sits on the first screen.
LAYOUT_JS = """() => {
    const doc = document.documentElement;
    const nav = document.querySelector('nav');
    const box = nav ? nav.getBoundingClientRect() : null;
    return {
        scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth),
        clientWidth: doc.clientWidth,
        nav: box && {left: box.left, right: box.right, top: box.top,
                     width: box.width, height: box.height},
        navLinks: nav ? nav.querySelectorAll('a[href]').length : 0,
    };
}"""


# --- the page check ---------------------------------------------------------------


class PageChecker:
    """One browser tab that loads site pages and collects what went wrong.

    The tab is reused from page to page (a new tab per page costs more than the page).
    """

    def __init__(self, context, root: Path, *, phone: bool) -> None:
        self.root = root.resolve()
        self.phone = phone
        self.problems: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)
        self.page.on(
            "websocket", lambda ws: self.problems.append(f"websocket: {ws.url}")
        )

    def check(self, page_file: Path, screenshot: Path | None = None) -> list[str]:
        """Load one page; return its problems (empty when it is fine)."""
        self.problems = []
        self.page.goto(page_file.resolve().as_uri(), wait_until="load")
        # Lay the page out and let it paint, so that fonts and anything else
        # requested on first render are fetched (and reported) before moving on.
        self.page.evaluate(SETTLE_JS)
        if self.phone:
            self.problems.extend(phone_layout_problems(self.page))
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(screenshot), full_page=True)
        return self.problems

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file":
            return False
        return Path(unquote(parts.path)).resolve().is_relative_to(self.root)

    def _route(self, route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.problems.append(f"external request (blocked): {url}")
            route.abort("blockedbyclient")

    def _console(self, message) -> None:
        if message.type in ("error", "assert"):
            where = message.location.get("url", "")
            self.problems.append(f"console.{message.type}: {message.text} ({where})")

    def _page_error(self, error) -> None:
        self.problems.append(f"uncaught {error.name}: {error.message}")

    def _request_failed(self, request) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def phone_layout_problems(page) -> list[str]:
    layout = page.evaluate(LAYOUT_JS)
    problems = []
    if layout["scrollWidth"] > PHONE_WIDTH:
        problems.append(
            f"horizontal overflow: document is {layout['scrollWidth']} px wide "
            f"on a {PHONE_WIDTH} px phone (layout width {layout['clientWidth']} px)"
        )
    nav = layout["nav"]
    if nav is None or layout["navLinks"] == 0:
        problems.append("no <nav> with links")
    elif not page.locator("nav").first.is_visible() or not (
        page.locator("nav a[href]").first.is_visible()
    ):
        problems.append("nav not visible")
    elif nav["left"] < -1 or nav["right"] > PHONE_WIDTH + 1:
        problems.append(f"nav not within the phone width: {nav}")
    elif nav["top"] >= PHONE_HEIGHT:
        problems.append(f"nav not on the first screen: top at {nav['top']} px")
    return problems


# --- fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    try:
        build_site(warehouse_path, out, reports_dir=REPORTS)
    except BuildError as error:
        problem = str(error)
    else:
        return out
    pytest.fail(f"building the site from {warehouse_path} failed: {problem}")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: run `make browser` (apt, once)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            proxy=DEAD_PROXY,
            timeout=30_000,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def site_pages(root: Path) -> list[Path]:
    return sorted(root.glob("index.html")) + sorted(root.glob("*/*.html"))


# --- the real site ----------------------------------------------------------------


def test_site_has_every_page_in_both_languages(site: Path) -> None:
    zh = {p.name for p in (site / "zh").glob("*.html")}
    en = {p.name for p in (site / "en").glob("*.html")}
    assert zh, f"no pages in {site / 'zh'}"
    assert zh == en, f"pages only in one language: {sorted(zh ^ en)}"
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_loads_offline_without_errors(
    site: Path, browser, screenshots: Path, viewport: str
) -> None:
    """Every page at this viewport; on the phone also the layout checks."""
    context = browser.new_context(**VIEWPORTS[viewport])
    failures = []
    try:
        checker = PageChecker(context, site, phone=viewport == "phone")
        pages = site_pages(site)
        for page_file in pages:
            relative = page_file.relative_to(site)
            shot = screenshots / viewport / relative.with_suffix(".png")
            problems = checker.check(page_file, shot)
            failures += [f"{relative}: {problem}" for problem in problems]
    finally:
        context.close()
    assert not failures, f"{viewport}, {len(pages)} pages:\n" + "\n".join(failures)
    assert len(list((screenshots / viewport).rglob("*.png"))) == len(pages)


# --- planted failures: the checks above can fail ---------------------------------

PLANTED_PAGE = "zh/segments.html"

PLANTED = {
    "external-image": (
        "desktop",
        '<img src="https://example.com/x.png" alt="">',
        "external request (blocked): https://example.com/x.png",
    ),
    "external-stylesheet": (
        "desktop",
        '<link rel="stylesheet" href="http://example.com/x.css">',
        "external request (blocked): http://example.com/x.css",
    ),
    "css-font-from-the-web": (
        "desktop",
        "<style>@font-face { font-family: w; src: url(https://example.com/w.woff2); }"
        " body { font-family: w; }</style>",
        "external request (blocked): https://example.com/w.woff2",
    ),
    "console-error": (
        "desktop",
        "<script>console.error('x')</script>",
        "console.error: x",
    ),
    "uncaught-exception": (
        "desktop",
        "<script>throw new Error('planted')</script>",
        "uncaught Error: planted",
    ),
    "missing-local-file": (
        "desktop",
        '<img src="missing.png" alt="">',
        "request failed: file://",
    ),
    "file-outside-the-site": (
        "desktop",
        '<img src="../../outside.png" alt="">',
        "external request (blocked): file://",
    ),
    "wide-element-on-a-phone": (
        "phone",
        '<div style="width: 1200px">wide</div>',
        "horizontal overflow",
    ),
    "no-viewport-meta-on-a-phone": (
        "phone",
        None,  # removes <meta name="viewport">: the phone lays out 980 px
        "horizontal overflow",
    ),
    "hidden-nav-on-a-phone": (
        "phone",
        "<style>nav { display: none; }</style>",
        "nav not visible",
    ),
}


@pytest.fixture(scope="module")
def site_copy(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tmp copy of the built site; each case plants into its own copy of one page."""
    copy = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(site, copy)
    return copy


@pytest.fixture(scope="module")
def contexts(browser) -> Iterator[dict]:
    contexts = {name: browser.new_context(**kw) for name, kw in VIEWPORTS.items()}
    try:
        yield contexts
    finally:
        for context in contexts.values():
            context.close()


def plant(site_copy: Path, case: str, snippet: str | None) -> Path:
    """Write ``PLANTED_PAGE`` with the fault next to it; return the new file."""
    original = site_copy / PLANTED_PAGE
    html = original.read_text(encoding="utf-8")
    if snippet is None:
        start = html.index('<meta name="viewport"')
        planted = html[:start] + html[html.index(">", start) + 1 :]
    else:
        assert html.count("</main>") == 1, original
        planted = html.replace("</main>", snippet + "</main>")
    assert planted != html
    page_file = original.with_name(f"planted-{case}.html")
    page_file.write_text(planted, encoding="utf-8")
    return page_file


def check_one(context, root: Path, page_file: Path, *, phone: bool) -> list[str]:
    checker = PageChecker(context, root, phone=phone)
    try:
        return checker.check(page_file)
    finally:
        checker.page.close()


@pytest.mark.parametrize("case", list(PLANTED))
def test_planted_failure_is_caught(site_copy: Path, contexts: dict, case: str) -> None:
    viewport, snippet, expected = PLANTED[case]
    page_file = plant(site_copy, case, snippet)
    problems = check_one(
        contexts[viewport], site_copy, page_file, phone=viewport == "phone"
    )
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_unplanted_copy_is_clean(
    site_copy: Path, contexts: dict, viewport: str
) -> None:
    """The copy itself passes, so each planted case fails for its fault alone."""
    page_file = site_copy / PLANTED_PAGE
    problems = check_one(
        contexts[viewport], site_copy, page_file, phone=viewport == "phone"
    )
    assert problems == []
