from datetime import UTC, datetime
from xml.sax.saxutils import escape

from digest_feed import ISSUES, fetch, rss, served
from thismonth.sources.digest import DigestEntry, extract, extract_all

RUST_PRS = r"^https?://github\.com/rust-lang/rust/pull/\d+"


def entry(
    content: str, title: str = "Digest 1", link: str = "https://digest.example/1/"
) -> DigestEntry:
    return DigestEntry(title, link, datetime(2023, 5, 3, tzinfo=UTC), content)


def test_a_real_shaped_twir_feed_gives_one_candidate_per_rust_pull_request() -> None:
    with served(rss()) as url:
        entries = fetch(url)
    assert [e.title for e in entries] == [t for t, *_ in ISSUES]
    result = extract_all(entries, RUST_PRS)
    assert result.warnings == []
    got = {link.key: link for link in result.links}
    assert sorted(got) == [
        "github.com/rust-lang/rust/pull/101069",
        "github.com/rust-lang/rust/pull/105795",
        "github.com/rust-lang/rust/pull/105848",
        "github.com/rust-lang/rust/pull/111026",
        "github.com/rust-lang/rust/pull/112000",
    ]
    # the link's own text, code spans as plain text; the bare "#111026" of the prose loses
    assert got["github.com/rust-lang/rust/pull/101069"].title == "add loongarch64 asm! support"
    assert got["github.com/rust-lang/rust/pull/111026"].title == (
        "only cache typeck results if it's the typeck root"
    )
    # the entry's date; an item two issues report keeps the first
    pr = got["github.com/rust-lang/rust/pull/105795"]
    assert pr.published == datetime(2023, 5, 3, tzinfo=UTC)
    assert pr.entry_title == "This Week in Rust 493"
    assert got["github.com/rust-lang/rust/pull/112000"].published == datetime(
        2023, 5, 10, tzinfo=UTC
    )


def test_without_a_pattern_every_web_link_is_a_candidate() -> None:
    with served(rss()) as url:
        entries = fetch(url)
    keys = {link.key for link in extract(entries[0]).links}
    assert "github.com/rust-lang/cargo/pull/12043" in keys
    assert "rust-osdev.com/this-month/2023-04" in keys


def test_an_entry_without_links_is_skipped_with_a_line_naming_it() -> None:
    result = extract(entry("<p>No updates this week.</p>", title="TMiR 7"), RUST_PRS)
    assert result.links == []
    assert result.warnings == [
        "digest entry 'TMiR 7' (https://digest.example/1/) has no links: skipped"
    ]
    assert extract(entry(""), RUST_PRS).warnings[0].endswith("has no links: skipped")


def test_links_without_text_are_skipped_and_counted() -> None:
    html = (
        '<ul><li><a href="https://github.com/rust-lang/rust/pull/1"></a></li>'
        '<li><a href="https://github.com/rust-lang/rust/pull/2"> <img src="x.png"> </a></li>'
        '<li><a href="https://github.com/rust-lang/rust/pull/3">add a target</a></li></ul>'
    )
    result = extract(entry(html), RUST_PRS)
    assert [link.title for link in result.links] == ["add a target"]
    assert result.warnings == [
        "digest entry 'Digest 1' (https://digest.example/1/): 2 links without text skipped"
    ]


def test_a_pattern_that_matches_nothing_says_so() -> None:
    html = '<a href="https://blog.example/post">a post</a>'
    result = extract_all([entry(html), entry(html, title="Digest 2")], RUST_PRS)
    assert result.links == []
    assert len(result.warnings) == 1
    assert "no link of 2 digest entries matches" in result.warnings[0]


def test_relative_links_resolve_against_the_entry_and_broken_html_does_not_raise() -> None:
    html = '<p><a href="/news/uefi">UEFI news <code>x86_64</code><a href="#top">top</a><a href="mailto:a@b">mail</a'
    result = extract(entry(html, link="https://digest.example/2024/01/"), None)
    assert [(link.url, link.title) for link in result.links] == [
        ("https://digest.example/news/uefi", "UEFI news x86_64"),
        ("https://digest.example/2024/01/#top", "top"),
    ]


def test_markup_in_link_text_stays_text() -> None:
    html = '<a href="https://github.com/rust-lang/rust/pull/9">fix &lt;script&gt; in `]( ` &amp; co</a>'
    (link,) = extract(entry(html), RUST_PRS).links
    assert link.title == "fix <script> in `]( ` & co"


def test_an_atom_digest_works_the_same() -> None:
    html = escape(
        '<ul><li><a href="https://github.com/rust-lang/rust/pull/7">add <code>no_std</code> '
        'support</a></li><li><a href="/2024/01/">last issue</a></li></ul>'
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>This Month in Redox</title><id>https://redox.example/</id>"
        "<updated>2024-02-01T00:00:00Z</updated><entry><title>This Month in Redox 1</title>"
        '<link href="https://redox.example/news/1/"/><id>https://redox.example/news/1/</id>'
        "<published>2024-02-01T10:00:00+01:00</published><updated>2024-02-01T10:00:00+01:00</updated>"
        f'<content type="html">{html}</content></entry></feed>'
    ).encode()
    with served(atom) as url:
        (e,) = fetch(url)
    result = extract(e, None)
    assert [(link.url, link.title) for link in result.links] == [
        ("https://github.com/rust-lang/rust/pull/7", "add no_std support"),
        ("https://redox.example/2024/01/", "last issue"),
    ]
    assert result.links[0].published == datetime(2024, 2, 1, 9, 0, tzinfo=UTC)


def test_naive_and_aware_dates_mix_without_error() -> None:
    html = '<a href="https://github.com/rust-lang/rust/pull/4">add a target</a>'
    naive = DigestEntry("A", "https://d.example/a", datetime(2023, 5, 1, 12), html)
    aware = DigestEntry("B", "https://d.example/b", datetime(2023, 5, 1, 9, tzinfo=UTC), html)
    (link,) = extract_all([naive, aware], RUST_PRS).links
    assert link.entry_title == "B"


def test_an_entry_of_ten_thousand_links_and_one_of_one() -> None:
    items = "".join(
        f'<li><a href="https://github.com/rust-lang/rust/pull/{n}">change {n}</a></li>'
        for n in range(10_000)
    )
    big = extract(entry(f"<ul>{items}</ul>"), RUST_PRS)
    assert len(big.links) == 10_000 and big.warnings == []
    assert big.links[9_999].title == "change 9999"
    (one,) = extract(entry(items[:100]), RUST_PRS).links
    assert one.key == "github.com/rust-lang/rust/pull/0"
