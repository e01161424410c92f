"""A small This Week in Rust-shaped RSS 2.0 feed, served on 127.0.0.1 for the digest tests.

The shape follows the real feed: one ``<item>`` per weekly issue, the issue rendered to
HTML and escaped into ``<description>``; the links sit in "Updates from the Rust Project"
as ``* [title](https://github.com/rust-lang/rust/pull/N)``, repository-prefixed for the
other rust-lang repositories (``cargo: ...``), and again as bare ``#N`` in the prose of
the performance triage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

import feedparser
import httpx
from markdown_it import MarkdownIt

from feedserver import Route, feed_server
from thismonth.sources.digest import DigestEntry

WEEK_1 = """\
Hello and welcome to another issue of *This Week in Rust*!
Want to get involved? [We love contributions](https://github.com/rust-lang/rust/blob/master/CONTRIBUTING.md).

## Updates from Rust Community

### Newsletters
* [This Month in Rust OSDev: April 2023](https://rust-osdev.com/this-month/2023-04/)

## Updates from the Rust Project

390 pull requests were [merged in the last week][merged]

[merged]: https://github.com/search?q=is%3Apr+org%3Arust-lang+is%3Amerged

* [add loongarch64 `asm!` support](https://github.com/rust-lang/rust/pull/101069)
* [only cache typeck results if it's the typeck root](https://github.com/rust-lang/rust/pull/111026)
* [miri: fix endianess handling in `eventfd::write`](https://github.com/rust-lang/miri/pull/2857)
* [cargo: add `-Zmsrv-policy` feature flag](https://github.com/rust-lang/cargo/pull/12043)
* [rustdoc: add a new lint for broken inline code](https://github.com/rust-lang/rust/pull/105848)

### Rust Compiler Performance Triage

Special call out to PR [#111026](https://github.com/rust-lang/rust/pull/111026),
which yielded 3% to 8% improvement.

#### [Tracking Issues & PRs](https://github.com/rust-lang/rust/issues?q=is%3Aopen)
* [disposition: merge] [Stabilize `abi_efiapi`](https://github.com/rust-lang/rust/pull/105795)
"""

WEEK_2 = """\
## Updates from the Rust Project

* [Stabilize `abi_efiapi`](https://github.com/rust-lang/rust/pull/105795)
* [add `x86_64-unknown-none` to the tier 2 targets](https://github.com/rust-lang/rust/pull/112000)
"""

ISSUES = [
    (
        "This Week in Rust 493",
        "https://this-week-in-rust.org/blog/2023/05/03/this-week-in-rust-493/",
        datetime(2023, 5, 3, tzinfo=UTC),
        WEEK_1,
    ),
    (
        "This Week in Rust 494",
        "https://this-week-in-rust.org/blog/2023/05/10/this-week-in-rust-494/",
        datetime(2023, 5, 10, tzinfo=UTC),
        WEEK_2,
    ),
]


def rss(issues: list[tuple[str, str, datetime, str]] = ISSUES) -> bytes:
    md = MarkdownIt("commonmark")
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(md.render(text))}</description></item>"
        for title, link, when, text in issues
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>This Week in Rust</title><link>https://this-week-in-rust.org/</link>"
        f"<description>Handpicked Rust updates</description>{items}</channel></rss>"
    ).encode()


@contextmanager
def served(body: bytes) -> Iterator[str]:
    """``body`` as an RSS feed on 127.0.0.1 (the feed server the feed tests use)."""
    with feed_server() as server:
        yield server.serve("/rss.xml", Route(body, "application/rss+xml; charset=utf-8"))


def fetch(url: str) -> list[DigestEntry]:
    """What a user's run does: download with httpx, parse with feedparser."""
    response = httpx.get(url, timeout=30)
    response.raise_for_status()
    parsed = feedparser.parse(response.content)
    out = []
    for e in parsed.entries:
        stamp = e.get("published_parsed")
        when = datetime(*stamp[:6], tzinfo=UTC) if stamp else None
        content = e.get("content", [{}])[0].get("value") or e.get("summary", "")
        out.append(DigestEntry(e.get("title", ""), e.get("link", ""), when, content))
    return out
