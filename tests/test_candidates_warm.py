"""The warm re-draft's caches (issue 11): what a 304 reuses, what a change replaces, and
what a damaged cache costs (a warning and a new download, never a traceback)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from feedserver import FeedServer, Item, Route, rss
from thismonth.app.candidates import gather
from thismonth.config import FeedConfig, load_config
from thismonth.months import Month
from thismonth.render.render import _TemplateCache
from thismonth.sources.feeds import FeedReader, gaps, month_entries
from thismonth.store import Store

JUNE = Month(2024, 6)


def d(day: int, month: int = 6) -> datetime:
    return datetime(2024, month, day, 12, tzinfo=UTC)


def items(*titles: str) -> list[Item]:
    """June entries, and one of May last (so a reading reaches back before June)."""
    june = [
        Item(t, f"https://blog.example/{i}/", d(3 + i), f"<p>About {t}, at length.</p>", f"g{i}")
        for i, t in enumerate(titles)
    ]
    return [*june, Item("Old", "https://blog.example/old/", d(20, 5), "May.", "old")]


def read(store: Store, feed: FeedConfig, at: datetime) -> FeedReader:
    reader = FeedReader(store, clock=lambda: at)
    reader.read([feed])
    return reader


def test_a_304_reuses_the_stored_entries_and_extends_the_last_reading(
    server: FeedServer, store: Store
) -> None:
    feed = FeedConfig(server.serve("/f.xml", Route(rss(items("One", "Two")))), "F")
    read(store, feed, d(10))
    before = month_entries(store, feed, JUNE, UTC)
    for day in (11, 12, 13):
        reader = read(store, feed, d(day))
        assert (reader.requests, reader.conditional) == (1, 1)
    assert [c for _p, c in server.requests] == [False, True, True, True]
    assert month_entries(store, feed, JUNE, UTC) == before
    # three 304s: one reading that reaches to the last of them, not four rows
    assert store.feed_readings(feed.url) == [(d(13), d(20, 5))]
    assert gaps(store, feed, JUNE, UTC) is None


def test_a_200_with_a_new_etag_replaces_the_text_and_keeps_the_memory(
    server: FeedServer, store: Store
) -> None:
    feed = FeedConfig(server.serve("/f.xml", Route(rss(items("One", "Two")))), "F")
    read(store, feed, d(10))
    old = store.feed_state(feed.url)
    changed = [items("One, corrected")[0]]  # "Two" left the feed
    server.serve("/f.xml", Route(rss(changed)))
    reader = read(store, feed, d(12))
    assert (reader.requests, reader.conditional) == (1, 1)  # asked conditionally, got a 200
    new = store.feed_state(feed.url)
    assert old and new and new["etag"] != old["etag"]
    titles = [e.title for e in month_entries(store, feed, JUNE, UTC)]
    assert titles == ["One, corrected", "Two"]  # the new text; the entry that left, kept
    # a new document is a new reading: the span of the old one is not stretched over it
    assert [at for at, _o in store.feed_readings(feed.url)] == [d(10), d(12)]


def write_config(folder: Path, url: str) -> Path:
    path = folder / "thismonth.toml"
    path.write_text(
        '[newsletter]\nname = "Tiny"\n\n[[sections]]\nid = "news"\nheading = "News"\n'
        f'cap = 1\nfeeds = [{{ url = "{url}", name = "Blog" }}]\n'
    )
    return path


def test_a_damaged_entry_row_is_a_warning_and_a_full_download(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/f.xml", Route(rss(items("Kept", "Also kept"))))
    config = load_config(write_config(tmp_path, url))
    store = Store.for_config(config)
    first = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    (news,) = first.sections
    assert first.warnings == [] and news.over_cap_count == 1
    with store.transaction() as db:  # damaged outside thismonth
        db.execute("UPDATE feed_entries SET data = '{broken' WHERE key = 'id:g0'")
        db.execute("DELETE FROM memo")
    server.reset_counts()
    again = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    (news,) = again.sections
    assert [c for _p, c in server.requests] == [True, False]  # the 304, then the download
    (warning,) = again.warnings
    assert warning.startswith("feed Blog: 1 remembered entry was damaged in the cache")
    assert "read again in full" in warning and warning in news.notes
    # the entry came back from the feed, with its context line
    found = news.candidates + news.over_cap_list()
    assert sorted(c.title for c in found) == ["Also kept", "Kept"]
    assert all(c.context.startswith("About ") for c in found)
    # repaired: the next draft says nothing more
    third = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    assert third.warnings == []
    store.close()


def test_a_damaged_entry_that_left_the_feed_is_said_lost(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/f.xml", Route(rss(items("Gone", "Stays"))))
    config = load_config(write_config(tmp_path, url))
    store = Store.for_config(config)
    gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    server.serve("/f.xml", Route(rss(items("Gone", "Stays")[1:])))
    with store.transaction() as db:
        db.execute("UPDATE feed_entries SET first_seen = 'yesterday' WHERE key = 'id:g0'")
        db.execute("DELETE FROM memo")
    result = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    (warning,) = result.warnings
    assert "1 remembered entry was damaged" in warning
    assert "no longer in the feed is lost" in warning
    (news,) = result.sections
    assert [c.title for c in news.candidates + news.over_cap_list()] == ["Stays"]
    store.close()


def test_a_damaged_reading_row_is_a_gap_named_not_a_traceback(
    server: FeedServer, store: Store
) -> None:
    feed = FeedConfig(server.serve("/f.xml", Route(rss(items("One")))), "F")
    read(store, feed, d(10))
    with store.transaction() as db:
        db.execute("UPDATE feed_readings SET read_at = 'soon'")
    assert store.feed_readings(feed.url) == []
    assert "was never read successfully" in (gaps(store, feed, JUNE, UTC) or "")


def test_a_damaged_remembered_selection_is_selected_again(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/f.xml", Route(rss(items("A", "B", "C"))))
    config = load_config(write_config(tmp_path, url))
    store = Store.for_config(config)
    first = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    slots = [k for (k,) in store._db.execute("SELECT key FROM memo ORDER BY key")]
    assert slots == ["candidates:2024-06:news", "candidates:2024-06:news/over-cap"]
    with store.transaction() as db:
        db.execute("UPDATE memo SET data = substr(data, 1, 90) WHERE key LIKE '%over-cap'")
    again = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    (a,), (b,) = first.sections, again.sections
    assert [c.url for c in b.over_cap_list()] == [c.url for c in a.over_cap_list()]
    assert again.warnings == []
    # a changed feed replaces the remembered selection: the slots stay two
    server.serve("/f.xml", Route(rss(items("A", "B", "C", "D"))))
    gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    assert store._db.execute("SELECT count(*) FROM memo").fetchone() == (2,)
    store.close()


def test_compiled_templates_are_reused_and_a_damaged_cache_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.j2").write_text("{% for x in xs %}[{{ x }}]{% endfor %}\n")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()

    def render(cache: Path = cache_dir) -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            keep_trailing_newline=True,
            bytecode_cache=_TemplateCache(str(cache)),
        )
        return env.get_template("t.j2").render(xs=[1, 2])

    assert render() == "[1][2]\n"
    (cached,) = cache_dir.iterdir()
    with monkeypatch.context() as m:
        # the next environment (the next run) loads the compiled code, compiles nothing
        m.setattr(jinja2.Environment, "compile", None)
        assert render() == "[1][2]\n"
    cached.write_bytes(cached.read_bytes()[:20] + b"\x00garbage")
    assert render() == "[1][2]\n"  # a damaged file: compiled again
    # an edited template is compiled again
    (folder / "t.j2").write_text("{{ xs | length }}\n")
    assert render() == "2\n"
    # a cache that cannot be read or written (here a file, not a folder) is no error
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert render(not_a_folder) == "2\n"


def test_a_draft_reads_only_the_count_and_the_listing_gets_the_whole_list(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/f.xml", Route(rss(items("A", "B", "C"))))
    config = load_config(write_config(tmp_path, url))  # cap = 1
    store = Store.for_config(config)
    gather(config, JUNE, source=None, store=store, reader=FeedReader(store))  # remembered
    drafted = gather(
        config, JUNE, source=None, store=store, reader=FeedReader(store), over_cap=False
    )
    (news,) = drafted.sections
    assert news.over_cap_count == 2 and len(news.candidates) == 1
    with pytest.raises(RuntimeError):  # not loaded: never an empty list in its place
        news.over_cap_list()
    listed = gather(config, JUNE, source=None, store=store, reader=FeedReader(store))
    (news,) = listed.sections
    assert sorted(c.title for c in news.over_cap_list()) == sorted(
        {"A", "B", "C"} - {news.candidates[0].title}
    )
    store.close()
