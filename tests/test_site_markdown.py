"""Markdown rendering and feeds, unit by unit."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import feedparser
import pytest

from test_site_build import options, write_issue
from thismonth.site import build
from thismonth.site.markdown import render_markdown


def test_links_with_script_schemes_are_not_links() -> None:
    html = render_markdown(
        "[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html;base64,xx) <javascript:x>"
    ).html
    assert "href" not in html


def test_heading_ids_are_zola_like_and_unique() -> None:
    result = render_markdown("## `x86_64`\n\n## News, and More!\n\n## News, and More!\n")
    assert [h[1] for h in result.headings] == ["x86-64", "news-and-more", "news-and-more-1"]
    assert result.headings[0][2] == "x86_64"


def test_summary_is_the_text_above_more_else_the_first_paragraph() -> None:
    assert "Intro" in render_markdown("Intro\n\n<!-- more -->\n\nRest").summary_html
    assert "Rest" not in render_markdown("Intro\n\n<!-- more -->\n\nRest").summary_html
    summary = render_markdown("<!-- note -->\n\n## H\n\nFirst.\n\nSecond.").summary_html
    assert summary.strip() == "<p>First.</p>"


def test_unknown_code_language_stays_plain() -> None:
    html = render_markdown("```nosuchlang\n<b>x</b>\n```\n").html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_comments_are_dropped_even_unclosed() -> None:
    html = render_markdown("a\n\n<!-- hidden -->\n\nb <!-- inline --> c\n\n<!-- open\n\nrest").html
    assert "hidden" not in html and "inline" not in html and "rest" not in html
    assert "<p>b  c</p>" in html


def test_hostile_front_matter_title_in_feeds(tmp_path: Path) -> None:
    title = 'Tom & Jerry <script>alert(1)</script> ]]> "quoted"'
    write_issue(
        tmp_path, "2024-01", f"+++\ntitle = {json.dumps(title)}\ndate = 2024-02-01\n+++\nHi.\n"
    )
    build(options(tmp_path))
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse(str(tmp_path / "public" / name))
        assert not feed.bozo
        assert feed.entries[0].title == title
    page = (tmp_path / "public" / "2024-01" / "index.html").read_text()
    assert "<script>alert" not in page
    assert "Tom &amp; Jerry &lt;script&gt;" in page


def _published() -> Path | None:
    env = os.environ.get("THISMONTH_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[2] / "shared"
    folder = shared / "data" / "rust-osdev" / "published"
    return folder if folder.is_dir() else None


@pytest.mark.skipif(_published() is None, reason="the shared rust-osdev data is not present")
def test_the_real_published_issues_build(tmp_path: Path) -> None:
    folder = _published()
    assert folder is not None
    for path in sorted(folder.glob("20*.md")):
        target = tmp_path / "content" / "this-month" / path.stem / "index.md"
        target.parent.mkdir(parents=True)
        shutil.copy(path, target)
    result = build(options(tmp_path))
    assert len(result.issues) == len(list(folder.glob("20*.md")))
    for name in ("atom.xml", "rss.xml"):
        assert not feedparser.parse(str(tmp_path / "public" / name)).bozo
    page = (tmp_path / "public" / "2024-06" / "index.html").read_text()
    assert '<section id="comment-form"' in page
    assert '<h3 id="uefi-rs">' in page
