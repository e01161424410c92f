"""Issue 12 in the draft: a digest-fed section is ranked by what its editors picked before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedserver import FeedServer, Item, Route, feed_server, rss
from thismonth.app.candidates import gather
from thismonth.config import load_config
from thismonth.months import Month
from thismonth.sources.feeds import FeedReader
from thismonth.store import Store

APRIL = Month(2022, 4)
PR = "https://github.com/rust-lang/rust/pull/"


def digest(*links: tuple[int, str]) -> str:
    items = "".join(f'<li><a href="{PR}{n}">{text}</a></li>' for n, text in links)
    return f"<p>Updates from Rust Core:</p><ul>{items}</ul>"


def tooling(tmp: Path, feed: str, extra: str = "") -> Path:
    """A config whose one section takes rust-lang/rust PRs from a digest feed."""
    (tmp / "thismonth.toml").write_text(
        '[[sections]]\nid = "tooling"\nheading = "Infrastructure and Tooling"\n'
        + extra
        + f'feeds = [{{ url = "{feed}", name = "TWiR", digest = \'^https://github\\.com/rust-lang/rust/pull/\' }}]\n'
    )
    return tmp / "thismonth.toml"


def candidates(config_file: Path):
    """The section's candidates for April, the way ``draft`` and ``candidates`` gather them."""
    config = load_config(config_file)
    store = Store(Store.path_for(config))
    try:
        (section,) = gather(
            config, APRIL, source=None, store=store, reader=FeedReader(store)
        ).sections
    finally:
        store.close()
    return section


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def test_a_digest_section_learns_from_the_earlier_picks(server: FeedServer, tmp_path: Path) -> None:
    march = digest(
        (201, "add the uefi target for aarch64"),
        (202, "fix a typo in the book"),
        (203, "inline asm: support the uefi calling convention"),
        (204, "docs: fix typo in the reference"),
    )
    april = digest(
        (301, "docs: fix another typo"),
        (302, "new uefi target for riscv64"),
        (303, "fix a typo in the book index"),
    )
    feed = server.serve(
        "/twir.xml",
        Route(
            rss(
                [
                    Item(
                        "TWiR 1",
                        "https://twir.example/1",
                        datetime(2022, 3, 9, tzinfo=UTC),
                        march,
                        "t1",
                    ),
                    Item(
                        "TWiR 2",
                        "https://twir.example/2",
                        datetime(2022, 4, 6, tzinfo=UTC),
                        april,
                        "t2",
                    ),
                ]
            )
        ),
    )
    config_file = tooling(tmp_path, feed, "cap = 2\n")
    # The editors of March picked the two uefi items and left the typo fixes out.
    published = tmp_path / "content/this-month/2022-03/index.md"
    published.parent.mkdir(parents=True)
    published.write_text(
        '+++\ntitle = "March"\n+++\n\n## Infrastructure and Tooling\n\n'
        f"- [Add the uefi target]({PR}201)\n- [uefi calling convention in asm]({PR}203)\n"
    )
    section = candidates(config_file)
    ranked = [c.url.rsplit("/", 1)[1] for c in section.candidates + section.over_cap_list()]
    assert ranked[0] == "302"  # like the picks, unlike the left-out typo fixes
    assert len(section.candidates) == 2 and section.over_cap_count == 1  # cap, the rest listed
    assert any("uefi" in why for why in section.candidates[0].why)  # the features that ranked it
    # the typo fixes March left out rank below it: they were the negatives
    assert section.candidates[0].score > max(
        c.score for c in section.candidates[1:] + section.over_cap_list()
    )


def test_without_earlier_picks_the_ranking_says_so(server: FeedServer, tmp_path: Path) -> None:
    feed = server.serve(
        "/twir.xml",
        Route(
            rss(
                [
                    Item(
                        "TWiR 2",
                        "https://twir.example/2",
                        datetime(2022, 4, 6, tzinfo=UTC),
                        digest((301, "docs: fix another typo"), (302, "new uefi target")),
                        "t2",
                    )
                ]
            )
        ),
    )
    first = candidates(tooling(tmp_path, feed, 'words = ["uefi"]\n')).candidates[0]
    assert first.url.endswith("/302")  # the configured word
    assert any("configured words" in why or "no earlier picks" in why for why in first.why)
