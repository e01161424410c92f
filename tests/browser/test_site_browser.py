"""The built site in a real browser: Debian's headless Chromium driven by Playwright.

Playwright is pointed at /usr/bin/chromium (``scripts/setup-browser`` installs it); no
browser is ever downloaded. Without Chromium the test skips on a workstation and FAILS
in CI (``CI=true``), so a CI image that lost its browser cannot pass unnoticed.
Screenshots go to ``$THISMONTH_SCREENSHOTS`` when set, else to the test's tmp folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from thismonth.site import Comments, SiteOptions
from thismonth.site.serve import PreviewServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the site fixtures
from test_site_build import make_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: run scripts/setup-browser (as root)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    make_site(tmp_path)
    options = SiteOptions(
        root=tmp_path,
        output=tmp_path / "public",
        title="This Month in Example",
        comments=Comments(kind="utterances", repo="example/site"),
        drafts=False,
    )
    srv = PreviewServer(options, port=0)
    srv.start()
    assert not srv.preview.problems, srv.preview.problems
    yield srv
    srv.close()


@pytest.fixture()
def page(server: PreviewServer) -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            pg = context.new_page()
            # Offline by design: the comment widget's script must not reach the network.
            local = server.url.rstrip("/")
            pg.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(local) else route.abort()
                ),
            )
            yield pg
        finally:
            browser.close()


def _screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("THISMONTH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_archive_issue_comment_form_and_feed(page, server: PreviewServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url)
    assert page.title() == "This Month in Example"
    links = page.locator("ol.archive h2 a")
    assert links.count() == 3
    assert links.first.inner_text() == "This Month in Example: February 2024"

    # The feed link in <head> and in the header both lead to a feed.
    feed_href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute(
        "href"
    )
    assert feed_href == "atom.xml"
    response = page.request.get(server.url + feed_href)
    assert response.ok and "<feed" in response.text()
    assert page.locator("header.site a.feed").get_attribute("href") == "atom.xml"

    # Follow an issue link.
    links.nth(1).click()
    page.wait_for_url("**/2024-01/")
    assert page.locator("article h1").inner_text() == "This Month in Example: January 2024"
    assert page.locator('a[rel="prev"]').get_attribute("href") == "../2023-12/"
    assert page.locator('a[rel="next"]').get_attribute("href") == "../2024-02/"

    # The in-text link reaches the comment form, which holds the configured widget.
    form = page.locator("#comment-form")
    assert form.count() == 1
    assert form.locator('script[src="https://utteranc.es/client.js"]').count() == 1
    page.locator('article a[href="#comment-form"]').click()
    page.wait_for_url("**/2024-01/#comment-form")
    in_view = form.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0 }"
    )
    assert in_view

    # Heading anchors and a readable measure.
    assert page.locator("h2#kernel-updates a.header-anchor").count() == 1
    width = page.locator("article").evaluate("e => e.getBoundingClientRect().width")
    assert 300 < width <= 800

    shots = _screenshots(tmp_path)
    page.screenshot(path=str(shots / "issue-light.png"), full_page=True)
    light = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    page.screenshot(path=str(shots / "issue-dark.png"), full_page=True)
    assert light != dark
    assert (shots / "issue-light.png").stat().st_size > 1000
