"""Candidates end to end: feeds on 127.0.0.1, a clone, the draft, the re-draft, the verbs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clirun import run
from feedserver import FeedServer, Item, Route, atom, feed_server, rss
from gitrepo import GitRepo
from thismonth.app.candidates import gather, watch
from thismonth.config import load_config
from thismonth.months import Month
from thismonth.sources.feeds import FeedReader
from thismonth.store import Store

APRIL = Month(2022, 4)


def d(day: int, month: int = 4) -> datetime:
    return datetime(2022, month, day, 12, tzinfo=UTC)


CONFIG = """
[newsletter]
name = "Tiny"
organization = "tiny"

[[projects]]
repo = "tiny/alpha"

[[sections]]
id = "news"
heading = "Announcements, News, and Blog Posts"
intro = "Here we collect news."
template = "Please follow this template:\\n\\n- [Title](https://example.com)"
feeds = [{{ url = "{blog}", name = "Blog" }}, {{ url = "{broken}", name = "Broken" }}]
words = ["uefi"]
cap = {cap}

[[sections]]
id = "tooling"
heading = "Infrastructure and Tooling"
place = "after-projects"
feeds = [{{ url = "{digest}", name = "Digest", digest = '^https://github\\.com/rust-lang/rust/pull/' }}]
"""


def blog_items(extra: list[Item] | None = None) -> list[Item]:
    return [
        Item(
            "Booting with UEFI",
            "https://blog.example/uefi/",
            d(5),
            "<p>How we boot the machine now. More.</p>",
            "b1",
        ),
        Item("A scheduler <b>rewrite</b>", "https://blog.example/sched/", d(12), "Faster.", "b2"),
        Item("Old news", "https://blog.example/old/", d(20, 3), "March.", "b0"),
        *(extra or []),
    ]


DIGEST = """<p>Updates from Rust Core:</p><ul>
<li><a href="https://github.com/rust-lang/rust/pull/101">add the x86_64-unknown-none target</a></li>
<li><a href="https://github.com/rust-lang/cargo/pull/5">cargo thing</a></li>
</ul>"""


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def newsletter(tmp: Path, server: FeedServer, cap: int = 10) -> Path:
    blog = server.serve("/blog.xml", Route(atom(blog_items())))
    digest = server.serve(
        "/twir.xml", Route(rss([Item("This Week 1", "https://twir.example/1", d(6), DIGEST, "t1")]))
    )
    broken = server.serve("/broken", Route(b"<html><body>oops</body></html>", "text/html"))
    (tmp / "thismonth.toml").write_text(
        CONFIG.format(blog=blog, broken=broken, digest=digest, cap=cap)
    )
    repo = GitRepo.init(tmp / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    repo.pull_request(
        1,
        "Add paging",
        login="ann",
        author=("ann", "ann@example.com"),
        date="2022-04-02T10:00:00+00:00",
    )
    return tmp


def draft(tmp: Path) -> str:
    result = run("draft", "2022-04", "--repos", "clones", cwd=tmp)
    assert result.code == 0, result.err
    return result.err


def issue(tmp: Path) -> Path:
    return tmp / "content/this-month/2022-04/index.md"


def test_draft_lists_candidates_commented_out_in_their_sections(
    server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server)
    err = draft(tmp)
    assert "warning: feed Broken: answers an HTML page" in err
    text = issue(tmp).read_text()
    news = text.index("## Announcements, News, and Blog Posts")
    projects = text.index("## Project Updates")
    tooling = text.index("## Infrastructure and Tooling")
    assert news < projects < text.index("## Other Projects") < tooling < text.index("## Join Us?")
    block = text[news:projects]
    assert "Here we collect news." in block
    # the configured word puts the UEFI post first; HTML in a title is its text
    first, second = re.findall(r"<!-- - \[(.+?)\]\((.+?)\) -->", block)
    assert first == ("Booting with UEFI", "https://blog.example/uefi/")
    assert second[0] == "A scheduler rewrite"
    assert "<!--   - (context to rewrite) How we boot the machine now. -->" in block
    assert "Old news" not in text  # March
    assert "<!--\nPlease follow this template:" in block
    assert "<!-- thismonth: feed Broken: answers an HTML page" in block
    # the digest's matching link, not the entry itself
    tool_block = text[tooling:]
    assert (
        "<!-- - [add the x86_64-unknown-none target](https://github.com/rust-lang/rust/pull/101) -->"
        in tool_block
    )
    assert "cargo/pull/5" not in tool_block and "twir.example" not in tool_block


def test_redraft_keeps_the_editors_choices_and_brings_new_candidates(
    server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server)
    draft(tmp)
    path = issue(tmp)
    text = path.read_text()
    text = text.replace(
        "<!-- - [Booting with UEFI](https://blog.example/uefi/) -->",
        "- [Booting with UEFI](https://blog.example/uefi/)",
    )
    text = re.sub(r"<!-- - \[A scheduler rewrite\].*-->\n(<!--   - .*-->\n)?", "", text)
    path.write_text(text)
    new = Item("Networking stack", "https://blog.example/net/", d(20), "TCP.", "b3")
    server.serve("/blog.xml", Route(atom(blog_items([new]))))
    draft(tmp)
    again = path.read_text()
    assert "\n- [Booting with UEFI](https://blog.example/uefi/)\n" in again
    assert "<!-- - [Booting with UEFI]" not in again
    assert "blog.example/sched/" not in again  # deleted: does not come back
    assert "<!-- - [Networking stack](https://blog.example/net/) -->" in again


def test_cap_and_earlier_issues_are_said_not_hidden(server: FeedServer, tmp_path: Path) -> None:
    tmp = newsletter(tmp_path, server, cap=1)
    march = tmp / "content/this-month/2022-03/index.md"
    march.parent.mkdir(parents=True)
    march.write_text(
        "## Announcements, News, and Blog Posts\n\n- [Sched](https://blog.example/sched)\n"
        "- [Other](https://uefi.example/x)\n"
    )
    result = run("candidates", "2022-04", "--repos", "clones", "--format", "json", cwd=tmp)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    news = data["sections"][0]
    assert [c["url"] for c in news["candidates"]] == ["https://blog.example/uefi/"]
    assert news["already_linked"] == ["https://blog.example/sched/"]
    assert news["over_cap"] == []
    why = news["candidates"][0]["why"]
    assert "site blog.example picked 1× before" in why and "configured words: uefi" in why
    assert any("feed Broken" in w for w in data["warnings"])
    text = run("candidates", "2022-04", "--repos", "clones", cwd=tmp)
    assert (
        "## Announcements, News, and Blog Posts [news]: 1 candidate (cap 1), 2 sources, 1 failed"
        in text.out
    )
    assert "1 left out: an earlier issue already links them" in text.out
    assert "context (to rewrite): How we boot the machine now." in text.out


def test_strict_section_whose_sources_all_fail(server: FeedServer, tmp_path: Path) -> None:
    bad = server.serve("/bad", Route(b"nope", "text/plain", status=500))
    (tmp_path / "thismonth.toml").write_text(
        f'[[sections]]\nid = "news"\nheading = "News"\nstrict = true\nfeeds = ["{bad}"]\n'
    )
    result = run("candidates", "2022-04", cwd=tmp_path)
    assert result.code == 1
    assert "section 'news': every one of its 1 sources failed (strict = true)" in result.err
    assert result.err.count("error:") == 1
    (tmp_path / "thismonth.toml").write_text(
        f'[[sections]]\nid = "news"\nheading = "News"\nfeeds = ["{bad}"]\n'
    )
    lenient = run("candidates", "2022-04", cwd=tmp_path)
    assert lenient.code == 0 and "warning: feed " in lenient.err and "HTTP 500" in lenient.err


def test_watch_verb_reads_every_feed(server: FeedServer, tmp_path: Path) -> None:
    tmp = newsletter(tmp_path, server)
    result = run("watch", cwd=tmp)
    assert result.code == 0
    assert "feed Blog: 3 entries" in result.err and "warning: feed Broken" in result.err
    second = run("watch", cwd=tmp)
    assert "feed Blog: unchanged" in second.err
    assert any(c for p, c in server.requests if p == "/blog.xml")


def test_weekly_watch_then_a_late_draft_lists_the_whole_month(
    server: FeedServer, tmp_path: Path
) -> None:
    """Issue 14: a feed holding its latest 4 entries, read weekly, then drafted in May."""
    stamps = [d(20, 3) + timedelta(days=3 * i) for i in range(25)]

    def publish(today: datetime) -> None:
        shown = [s for s in stamps if s <= today][-4:]
        items = [
            Item(f"Post {s.date()}", f"https://w.example/{s.date()}", s, "x", str(s)) for s in shown
        ]
        server.serve("/w.xml", Route(rss(items)))

    (tmp_path / "thismonth.toml").write_text(
        f'[[sections]]\nid = "news"\nheading = "News"\ncap = 50\n'
        f'feeds = [{{ url = "{server.url}/w.xml", name = "Weekly" }}]\n'
    )
    config = load_config(tmp_path / "thismonth.toml")
    april = [s for s in stamps if APRIL.contains(s)]

    def reader(store: Store, at: datetime) -> FeedReader:
        return FeedReader(store, clock=lambda: at)

    weekly = Store(Store.path_for(config))  # the store `thismonth draft` uses
    for day in (d(29, 3), d(5), d(12), d(19), d(26), d(3, 5)):
        publish(day)
        watch(config, weekly, reader(weekly, day))
    publish(d(9, 5))
    result = gather(config, APRIL, source=None, store=weekly, reader=reader(weekly, d(9, 5)))
    (news,) = result.sections
    assert sorted(c.date for c in news.candidates) == april
    assert news.notes == [] and result.warnings == []
    weekly.close()
    # ...and the draft itself, as the user runs it, long after the month ended
    (tmp_path / "clones").mkdir()
    drafted = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=tmp_path)
    assert drafted.code == 0, drafted.err
    listed = re.findall(r"<!-- - \[Post (\d{4}-\d\d-\d\d)\]", drafted.out)
    assert sorted(listed) == [str(s.date()) for s in april]
    assert "reaches back only" not in drafted.out + drafted.err

    once = Store(tmp_path / "once.sqlite")
    result = gather(config, APRIL, source=None, store=once, reader=reader(once, d(9, 5)))
    (news,) = result.sections
    assert 0 < len(news.candidates) < len(april)
    assert news.notes and news.notes[0].startswith("feed Weekly reaches back only to 2022-04-")
    assert result.warnings == news.notes  # said on stderr too
    once.close()


def test_a_section_the_layout_already_has_gets_the_candidates_under_it(
    server: FeedServer, tmp_path: Path
) -> None:
    """[[newsletter.sections]] (the learned layout) writes the heading; [[sections]] with the
    same heading adds its candidates there instead of a second heading."""
    blog = server.serve("/blog.xml", Route(atom(blog_items())))
    (tmp_path / "thismonth.toml").write_text(
        f"""[newsletter]
name = "Tiny"

[[newsletter.sections]]
heading = "Announcements, News, and Blog Posts"
kind = "text"
intro = "Here we collect news."

[[newsletter.sections]]
heading = "Project Updates"
kind = "projects"

[[newsletter.sections]]
heading = "Join Us?"
kind = "closing"
intro = "Join us."

[[projects]]
repo = "tiny/alpha"

[[sections]]
id = "news"
heading = "Announcements, News, and Blog Posts"
feeds = ["{blog}"]
"""
    )
    repo = GitRepo.init(tmp_path / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    result = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=tmp_path)
    assert result.code == 0, result.err
    text = result.out
    assert text.count("## Announcements, News, and Blog Posts") == 1
    news = text.index("## Announcements, News, and Blog Posts")
    first = text.index("<!-- - [Booting with UEFI](https://blog.example/uefi/) -->")
    assert news < text.index("Here we collect news.") < first < text.index("## Project Updates")
