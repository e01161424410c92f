"""This Week in Rust as a real digest feed: RSS 2.0 built from ``shared/data/twir``, served locally.

The shared folder holds TWiR issues as Pelican Markdown. The real feed carries each issue
rendered to HTML in ``<description>``; this builds the same shape, serves it on 127.0.0.1,
and reads it back the way a user's run would (httpx + feedparser), so the benchmark
exercises the real path from a feed to candidates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt


def load_issues(folder: Path) -> list[tuple[str, str, datetime, str]]:
    """``(title, link, date, html)`` per ``YYYY-MM-DD-this-week-in-rust.md``, oldest first."""
    md = MarkdownIt("commonmark")
    out = []
    for path in sorted(folder.glob("*-this-week-in-rust.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        meta = dict(
            (k.strip().lower(), v.strip())
            for k, _, v in (line.partition(":") for line in head.splitlines())
        )
        when = datetime.strptime(meta["date"][:10], "%Y-%m-%d").replace(tzinfo=UTC)
        number = meta.get("number", path.stem)
        link = f"https://this-week-in-rust.org/blog/{when:%Y/%m/%d}/this-week-in-rust-{number}/"
        out.append((meta.get("title", path.stem), link, when, md.render(body)))
    return out


def rss(issues: list[tuple[str, str, datetime, str]]) -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(html)}</description></item>"
        for title, link, when, html in reversed(issues)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>This Week in Rust</title><link>https://this-week-in-rust.org/</link>"
        f"<description>Handpicked Rust updates</description>{items}</channel></rss>"
    ).encode()


def month_of(when: datetime) -> str:
    return f"{when:%Y-%m}"
