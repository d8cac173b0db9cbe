"""Shared fixtures for the browser checks (`make site-check`), each made once per session.

- `site`: the sample site in `content/`, built by the real `showcase` binary into a temporary
  folder (or the folder named by `SHOWCASE_SITE`, already built); `paged_site`: a copy with extra
  articles, so that a list has a pager.
- `server`, `paged_server`: those folders served on 127.0.0.1 as a static host serves them
  (see `StaticHost`).
- `pages`: the pages every browser check visits (`PAGE_NAMES`; `by_name` picks one), found in the
  built site rather than named, so the checks follow the sample content as it changes.
- `browser`: one headless Chromium through Debian's chromedriver, with helpers to open a page at a
  width, read the console, take a full-page screenshot, print to PDF and read the fonts used.
- `axe_source`: the vendored axe-core, its checksum verified.
- `findings`: every problem found, printed at the end as one table (page, width, problem).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = Path(os.environ.get("SITE_CHECK_ARTIFACTS", REPO / ".ci" / "artifacts"))
WIDTHS = (375, 1280)

AXE = HERE / "vendor" / "axe-4.12.1.min.js"
AXE_SHA256 = "84494fec757e4710dc751c8d7a636e457f4532f08f85c86dc9070133fbff53bc"


# --- The pages -------------------------------------------------------------------------------------

PAGE_NAMES = ["home", "organization", "event", "article", "statistics", "tag", "list-with-pager",
              "404", "home-zh-hant", "article-zh-hant"]


def by_name(pages, name):
    return next(p for p in pages if p.name == name)


@dataclass(frozen=True)
class Page:
    """One page every browser check visits: a short name for the summary, its path and where it
    is served."""
    name: str
    path: str
    url: str
    status: int = 200


def _first_entry(site: Path, section: str) -> str:
    """The first entry page (by slug) of a section such as `organizations`: a folder named like
    a slug, not a year (`2014`) or a facet's list (`page`, `column`, `kind`, …)."""
    lists = {"page", "column", "domain", "kind", "alliance", "year", "status", "program"}
    folder = site / section
    slugs = sorted(p.name for p in folder.iterdir()
                   if p.is_dir() and p.name not in lists and not p.name.isdigit()
                   and (p / "index.html").is_file())
    if not slugs:
        pytest.fail(f"the built site has no entry under {section}/")
    return f"/{section}/{slugs[0]}/"


def _first_with(site: Path, pattern: str, candidates: list[Path]) -> str:
    for index in candidates:
        if index.is_file() and re.search(pattern, index.read_text(encoding="utf-8")):
            return "/" + index.parent.relative_to(site).as_posix().strip(".") + "/"
    pytest.fail(f"no page of {site} matches {pattern!r}")


def discover_pages(server: "Server", paged: "Server") -> list[Page]:
    """Home, an organization, an event, an article, a statistics page, a tag page, a list page
    with a pager, the 404 page (asked for by a path that does not exist), and the Traditional
    edition's home and article."""
    site = server.root
    statistics = sorted(p / "index.html" for p in (site / "statistics").iterdir() if p.is_dir())
    lists = [paged.root / s / "index.html" for s in ("articles", "events", "organizations")]
    pager = _first_with(paged.root, r'class="pagination"', lists)
    found = [
        ("home", "/"),
        ("organization", _first_entry(site, "organizations")),
        ("event", _first_entry(site, "events")),
        ("article", _first_entry(site, "articles")),
        # A theme page rather than the overview: it carries charts and tables.
        ("statistics", _first_with(site, r"<svg", statistics)),
        ("tag", _first_entry(site, "tags")),
        # The Traditional edition (site.yaml `editions`): its home and the same article.
        ("home-zh-hant", "/zh-hant/"),
        ("article-zh-hant", "/zh-hant" + _first_entry(site, "articles")),
    ]
    return [Page(name, path, server.url(path)) for name, path in found] + [
        Page("list-with-pager", pager, paged.url(pager)),
        Page("404", "/no-such-page/", server.url("/no-such-page/"), status=404),
    ]


# --- Building and serving the site ---------------------------------------------------------------

def showcase_binary() -> Path:
    """The `showcase` the checks run: SHOWCASE_BIN (make site-check names the debug build that
    make test made), else the release build."""
    binary = Path(os.environ.get("SHOWCASE_BIN", REPO / ".build" / "release" / "showcase"))
    if not binary.is_file():
        pytest.fail(f"{binary} is missing: run `swift build -c release --product showcase`, "
                    "or name a built one in SHOWCASE_BIN (make site-check does)")
    return binary


def _build(source: Path, out: Path) -> Path:
    binary = showcase_binary()
    run = subprocess.run([str(binary), "build", "--source", str(source), "--output", str(out)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        pytest.fail(f"showcase build of {source} failed ({run.returncode}):\n"
                    f"{run.stdout}\n{run.stderr}")
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample site, built (or the built folder named by `SHOWCASE_SITE`)."""
    given = os.environ.get("SHOWCASE_SITE")
    if given:
        return Path(given).resolve()
    return _build(REPO, tmp_path_factory.mktemp("site") / "output")


# Enough extra articles for the article list to need a second page.
PAGER_EXTRA_ARTICLES = 25


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Path:
    """The sample site with enough extra articles for the lists to have pagers, which the sample
    (fewer articles than one page holds) does not. Built apart, so every other page checked is
    the sample site exactly as published."""
    root = tmp_path_factory.mktemp("paged")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    for n in range(1, PAGER_EXTRA_ARTICLES + 1):
        (root / "content" / "articles" / f"pager-check-{n:02}.md").write_text(
            f"---\ntitle: 分页检查用示例文章之{n}\ndate: 2011-01-{n:02}\nauthor: 示例作者\ncolumn: 工作动态\n"
            f"tags: [社会组织]\n---\n\n示例数据：这篇文章只为检查列表分页而生成，第{n}篇。\n",
            encoding="utf-8")
    return _build(root, root / "output")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the built folder the way a static host does (nginx, GitHub Pages): files as they
    are, `index.html` for a folder, a redirect from `/x` to `/x/`, and the site's own `404.html`
    with status 404 for anything missing. Production has no preview server, so the checks do not
    go through `showcase serve`, which adds its reload script to every page."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".ics": "text/calendar; charset=utf-8", ".xml": "application/xml",
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml"}

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # quiet: failures show up in the checks
        pass


@dataclass(frozen=True)
class Server:
    root: Path
    base: str  # "http://127.0.0.1:PORT" without a trailing slash

    def url(self, path: str) -> str:
        return self.base + path


def _serve(root: Path):
    handler = functools.partial(StaticHost, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, Server(root, f"http://127.0.0.1:{httpd.server_address[1]}")


@pytest.fixture(scope="session")
def server(site):
    httpd, served = _serve(site)
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def paged_server(paged_site):
    httpd, served = _serve(paged_site)
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def pages(server, paged_server) -> list[Page]:
    return discover_pages(server, paged_server)


# --- The browser ---------------------------------------------------------------------------------

class Browser:
    """One Chromium session and what the checks ask of it."""

    def __init__(self, driver):
        self.driver = driver
        self.width = None

    def open(self, url: str, width: int) -> list[str]:
        """Loads `url` in a viewport `width` CSS pixels wide (a phone's with touch and the
        viewport meta tag honoured below 600 px) and returns the console errors it printed."""
        self.driver.get_log("browser")  # drop what an earlier page printed
        if width != self.width:
            mobile = width < 600
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": 812 if mobile else 900,
                "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
            self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile})
            self.width = width
        self.driver.get(url)
        # The load event has fired (get waits for it); wait for the fonts too before measuring.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done());")
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE"]

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def screenshot(self, path: Path) -> None:
        """The whole page, not only the viewport."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def print_pdf(self) -> bytes:
        """Chromium's print to PDF of the open page (A4 and margins from its own `@page` rule)."""
        pdf = self.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                             "printBackground": False})
        return base64.b64decode(pdf["data"])

    def platform_fonts(self, selector: str) -> list[dict]:
        """The fonts Chromium really drew the text directly inside `selector` with (name and
        glyph count), as its DevTools show them."""
        root = self.driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.driver.execute_cdp_cmd("DOM.querySelector",
                                           {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return []
        return self.driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"`{tool}` is not installed: `make site-check` installs it")
    return path


def start_browser(env: dict | None = None) -> Browser:
    """A headless Chromium driven through Debian's chromedriver; `env` for the browser's
    process (the fault tests hide the CJK fonts with it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _need("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=zh-CN", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Naming the driver keeps Selenium Manager from trying to download one.
    service = Service(executable_path=_need("chromedriver"), env=env)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    return Browser(driver)


@pytest.fixture(scope="session")
def browser():
    started = start_browser()
    yield started
    started.driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        pytest.fail(f"{AXE.name} is not the pinned axe-core (sha256 {digest}); see vendor/README.md")
    return data.decode("utf-8")


# --- The summary ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    page: str
    width: str
    problem: str


FINDINGS: list[Finding] = []
NOTES: list[Finding] = []


class Findings:
    """Each check records its problems here as well as failing, so one table at the end lists
    every problem of the run by page and width."""

    def add(self, page: str, width, problems: list[str]) -> list[str]:
        for p in problems:
            FINDINGS.append(Finding(page, str(width) if width else "-", p))
        return problems

    def note(self, page: str, width, notes: list[str]) -> None:
        """What is worth a look but does not fail the run (axe's moderate and minor findings)."""
        NOTES.extend(Finding(page, str(width) if width else "-", n) for n in notes)


@pytest.fixture(scope="session")
def findings() -> Findings:
    return Findings()


def explain(problems: list[str]) -> str:
    return "\n".join(["", *("  - " + p for p in problems)])


def _table(tr, title: str, rows: list[Finding]) -> None:
    tr.section(title)
    wpage = max(len(f.page) for f in rows)
    for f in sorted(rows, key=lambda f: (f.page, f.width)):
        tr.write_line(f"{f.page:<{wpage}}  {f.width:>5}  {f.problem}")


def pytest_terminal_summary(terminalreporter):
    tr = terminalreporter
    if NOTES:
        _table(tr, f"site-check: {len(NOTES)} note(s), not failing", NOTES)
    if FINDINGS:
        _table(tr, f"site-check: {len(FINDINGS)} problem(s)", FINDINGS)
    if (ARTIFACTS / "screenshots").exists():
        tr.write_line(f"screenshots and printed PDFs: {ARTIFACTS}")
