"""The feeds source against a real HTTP server on 127.0.0.1, in real-world feed shapes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedserver import FeedServer, Item, Route, atom, rss
from thismonth.config import FeedConfig
from thismonth.months import Month
from thismonth.sources.feeds import FeedReader, gaps, month_entries
from thismonth.store import Store

JUNE = Month(2024, 6)


def d(day: int, month: int = 6, hour: int = 12) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


def read(store: Store, *feeds: FeedConfig, at: datetime | None = None, timeout: float = 5.0):
    when = at or d(30)
    reader = FeedReader(store, timeout=timeout, clock=lambda: when)
    return reader, reader.read(list(feeds))


@pytest.mark.parametrize("generator", ["Zola", "Hugo", "Jekyll"])
def test_atom_shapes_give_the_months_entries(
    server: FeedServer, store: Store, generator: str
) -> None:
    items = [
        Item("Paging <em>done</em> right", "/posts/paging/", d(3), "<p>We rewrote it.</p>", "a1"),
        Item("May post", "https://os.example/may/", d(20, 5), "old", "a0"),
        Item("July post", "https://os.example/july/", d(1, 7, 3), "new", "a2"),
    ]
    url = server.serve("/atom.xml", Route(atom(items, generator=generator)))
    feed = FeedConfig(url, "OS blog")
    _, readings = read(store, feed)
    assert [(r.status, r.warning) for r in readings] == [("fetched", None)]
    entries = month_entries(store, feed, JUNE, UTC)
    assert [e.title for e in entries] == ["Paging done right"]  # HTML in the title: its text
    # A relative link resolves against xml:base (Jekyll), else the feed's own URL.
    base = "https://os.example" if generator == "Jekyll" else server.url
    assert entries[0].link == f"{base}/posts/paging/"
    assert entries[0].summary == "We rewrote it."


def test_rss_from_wordpress_and_time_zone(server: FeedServer, store: Store) -> None:
    items = [
        Item("Late on the 30th", "https://blog.example/a", d(30, 6, 23), "x", "g1"),
        Item("Early on the 1st", "https://blog.example/b", d(1, 6, 0), "y", "g2"),
    ]
    feed = FeedConfig(server.serve("/rss", Route(rss(items), "application/rss+xml")))
    read(store, feed)
    # In UTC+02:00 the 30th at 23:00 UTC is July 1st, and June 1st 00:00 UTC is in June.
    from thismonth.months import zone

    plus2 = zone("+02:00")
    assert [e.title for e in month_entries(store, feed, JUNE, plus2)] == ["Early on the 1st"]
    assert {e.title for e in month_entries(store, feed, JUNE, UTC)} == {
        "Late on the 30th",
        "Early on the 1st",
    }


def test_feed_without_dates_counts_from_first_sighting(server: FeedServer, store: Store) -> None:
    feed = FeedConfig(
        server.serve("/nodates", Route(rss([Item("Undated", "https://x.example/u", None)])))
    )
    read(store, feed, at=d(15))
    (entry,) = month_entries(store, feed, JUNE, UTC)
    assert not entry.dated and entry.date == d(15)
    assert gaps(store, feed, JUNE, UTC) is None  # no dates: nothing to measure, no false note


def test_duplicates_and_republished_entries_are_one(server: FeedServer, store: Store) -> None:
    same = Item("Release 1.0", "https://p.example/r1?utm_source=feed", d(10), "s", "post-1")
    feed = FeedConfig(server.serve("/dup", Route(rss([same, same]))))
    read(store, feed, at=d(11))
    # Re-published later with a new title and date: still one entry, first date kept.
    server.serve(
        "/dup", Route(rss([Item("Release 1.0 (updated)", same.link, d(20), "s", "post-1")]))
    )
    read(store, feed, at=d(21))
    (entry,) = month_entries(store, feed, JUNE, UTC)
    assert entry.title == "Release 1.0 (updated)" and entry.published == d(10)
    # Without a guid, the normalized link identifies the entry.
    feed2 = FeedConfig(
        server.serve("/noguid", Route(rss([Item("A", "https://www.q.example/a/", d(5))])))
    )
    read(store, feed2, at=d(6))
    server.serve("/noguid", Route(rss([Item("A again", "http://q.example/a", d(7))])))
    read(store, feed2, at=d(8))
    assert len(month_entries(store, feed2, JUNE, UTC)) == 1


def test_conditional_requests_cost_a_304(server: FeedServer, store: Store) -> None:
    feed = FeedConfig(
        server.serve("/c", Route(rss([Item("A", "https://c.example/a", d(2), guid="a")])))
    )
    first, r1 = read(store, feed)
    second, r2 = read(store, feed)
    assert [r.status for r in r1] == ["fetched"] and [r.status for r in r2] == ["unchanged"]
    assert first.conditional == 0 and second.conditional == second.requests == 1
    assert [c for _p, c in server.requests] == [False, True]
    assert len(month_entries(store, feed, JUNE, UTC)) == 1


def test_huge_feed(server: FeedServer, store: Store) -> None:
    items = [
        Item(
            f"Entry {i}", f"https://h.example/{i}", d(1) + timedelta(minutes=i), "t" * 500, f"h{i}"
        )
        for i in range(3000)
    ]
    feed = FeedConfig(server.serve("/huge", Route(rss(items))))
    _, (reading,) = read(store, feed)
    assert reading.entries == 3000
    assert len(month_entries(store, feed, JUNE, UTC)) == 3000


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(b"<!DOCTYPE html><html><body>Blog</body></html>", "text/html"), "HTML page"),
        (Route(b"<rss><channel><item><title>broken", "application/xml"), "malformed XML"),
        (Route(b"not xml at all {", "application/xml"), "not a readable feed"),
        (Route(b"gone", "text/plain", status=404), "HTTP 404"),
    ],
)
def test_bad_feeds_are_one_warning_naming_the_feed(
    server: FeedServer, store: Store, route: Route, message: str
) -> None:
    good = FeedConfig(server.serve("/good", Route(rss([Item("Fine", "https://g.example/", d(9))]))))
    bad = FeedConfig(server.serve("/bad", route), "Bad blog")
    _, readings = read(store, bad, good)
    by = {r.feed.url: r for r in readings}
    assert by[good.url].ok and len(month_entries(store, good, JUNE, UTC)) == 1
    assert not by[bad.url].ok
    warning = by[bad.url].warning or ""
    assert warning.startswith("feed Bad blog: ") and message in warning
    assert "\n" not in warning


def test_redirects_followed_and_loops_refused(server: FeedServer, store: Store) -> None:
    target = server.serve("/real", Route(rss([Item("Moved", "https://m.example/", d(4))])))
    moved = FeedConfig(server.serve("/old", Route(location=target, status=301)))
    loop = FeedConfig(server.serve("/loop", Route(location="/loop")))
    _, readings = read(store, moved, loop)
    by = {r.feed.url: r for r in readings}
    assert by[moved.url].ok and [e.title for e in month_entries(store, moved, JUNE, UTC)] == [
        "Moved"
    ]
    assert "redirect loop" in (by[loop.url].warning or "")


def test_timeouts_and_non_urls(server: FeedServer, store: Store) -> None:
    slow = FeedConfig(server.serve("/slow", Route(rss([]), delay=2.0)), "Slow")
    notaurl = FeedConfig("ftp://nope", "Ftp")
    closed = FeedConfig("https://127.0.0.1:1/feed.xml", "Closed")  # the TLS transport, lazily
    _, readings = read(store, slow, notaurl, closed, timeout=0.3)
    by = {r.feed.label: r.warning or "" for r in readings}
    assert by["Closed"].startswith("feed Closed: cannot fetch (ConnectError")
    assert "no answer within 0.3 s" in by["Slow"]
    assert "not an http(s) URL" in by["Ftp"]


def _weekly_feed(server: FeedServer, today: datetime) -> None:
    """One entry every three days from May 20th, the feed holding only its latest 4."""
    stamps = [d(20, 5) + timedelta(days=3 * i) for i in range(25)]
    shown = [s for s in stamps if s <= today][-4:]
    items = [
        Item(f"Issue {s.date()}", f"https://w.example/{s.date()}/", s, "x", str(s.date()))
        for s in reversed(shown)
    ]
    server.serve("/weekly", Route(rss(items)))


def test_weekly_readings_remember_the_whole_month(server: FeedServer, tmp_path: Path) -> None:
    """Issue 14: readings every week keep every entry; one reading after the month names the gap."""
    june = [d(20, 5) + timedelta(days=3 * i) for i in range(25)]
    june = [s for s in june if JUNE.contains(s)]
    feed = FeedConfig(f"{server.url}/weekly", "Weekly")
    weekly = Store(tmp_path / "weekly.sqlite")
    for day in (d(28, 5), d(4), d(11), d(18), d(25), d(2, 7), d(7, 7)):
        _weekly_feed(server, day)
        read(weekly, feed, at=day)
    assert [e.published for e in month_entries(weekly, feed, JUNE, UTC)] == june
    assert gaps(weekly, feed, JUNE, UTC) is None
    weekly.close()

    once = Store(tmp_path / "once.sqlite")
    read(once, feed, at=d(7, 7))  # only the last reading: the feed holds 4 entries
    got = month_entries(once, feed, JUNE, UTC)
    assert 0 < len(got) < len(june)
    note = gaps(once, feed, JUNE, UTC) or ""
    assert note.startswith("feed Weekly reaches back only to 2024-06-")
    assert "run `thismonth watch` weekly" in note
    once.close()


def test_a_missed_week_is_named(server: FeedServer, store: Store) -> None:
    feed = FeedConfig(f"{server.url}/weekly", "Weekly")
    for day in (d(4), d(25)):  # two weeks without a reading
        _weekly_feed(server, day)
        read(store, feed, at=day)
    note = gaps(store, feed, JUNE, UTC) or ""
    assert "has a gap between readings: entries published between 2024-06-04 and 2024-06-16" in note


def test_malformed_feed_with_entries_warns_and_keeps_them(server: FeedServer, store: Store) -> None:
    body = rss([Item("Kept", "https://k.example/", d(3), guid="k")]).replace(
        b"</channel></rss>", b"<item><title>cut"
    )
    feed = FeedConfig(server.serve("/cut", Route(body)), "Cut")
    _, (reading,) = read(store, feed)
    assert reading.ok and "malformed XML" in (reading.warning or "")
    assert [e.title for e in month_entries(store, feed, JUNE, UTC)] == ["Kept"]
