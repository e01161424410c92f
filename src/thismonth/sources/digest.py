"""Digest feeds: an entry that is itself a list of links becomes one candidate per link.

This Week in Rust, This Month in Redox and similar newsletters publish one feed entry per
issue whose content lists hundreds of links. For a section such as "Infrastructure and
Tooling" the interesting unit is the linked item (a rust-lang/rust pull request), not the
issue, so each link becomes a candidate carrying the entry's date and the link's own text
(the digest editor's title for it), filtered by a URL pattern the section names.

The input is an already parsed feed entry (title, link, date, HTML content), so this module
does not care which fetcher or parser produced it. Nothing is dropped silently: an entry
without links, links without text and a pattern that matches nothing each leave one
warning line naming the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

from thismonth.markdown.lines import normalize_url

__all__ = ["DigestEntry", "DigestLink", "DigestResult", "extract", "extract_all"]

# Link texts that name the target instead of describing it ("#1234", a bare URL): a
# candidate keeps one only when no other occurrence of the same link says more.
_BARE_TEXT = re.compile(r"^(?:#?\d+|[\w.-]+/[\w.-]+#\d+|https?://\S+|pr|link|here|this)$", re.I)


@dataclass(frozen=True)
class DigestEntry:
    """One parsed feed entry: what any feed parser gives (feedparser's title/link/date/content)."""

    title: str
    link: str
    published: datetime | None
    content: str  # HTML


@dataclass(frozen=True)
class DigestLink:
    """One linked item of a digest entry: a candidate for a section."""

    url: str
    key: str  # normalized identity (draft/lines.normalize_url): the same PR however spelled
    title: str  # the link's own text, as the digest's editor wrote it
    published: datetime | None  # the entry's date: when the digest reported the item
    entry_title: str
    entry_link: str
    labels: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


@dataclass
class DigestResult:
    links: list[DigestLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Anchors(HTMLParser):
    """Every ``<a href>`` with the text inside it (nested ``<code>`` and the like included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            if self._href is not None:  # an unclosed <a>: close it before the next one
                self._close()
            self._href = next((v for k, v in attrs if k == "href" and v), None) or ""
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self._close()

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        if self._href is not None:
            self._close()

    def _close(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        self.anchors.append((self._href or "", text))
        self._href = None
        self._text = []


def _name(entry: DigestEntry) -> str:
    title = re.sub(r"\s+", " ", entry.title or "").strip()
    where = entry.link or "no link"
    return f"digest entry {title!r} ({where})" if title else f"digest entry {where}"


def extract(entry: DigestEntry, pattern: str | re.Pattern[str] | None = None) -> DigestResult:
    """The links of ``entry`` whose URL matches ``pattern`` (``re.search``), once each.

    Relative links are resolved against the entry's own link. A link listed twice (an item
    in the list, then ``#1234`` in a paragraph) is one candidate with the more descriptive
    text.
    """
    result = DigestResult()
    parser = _Anchors()
    parser.feed(entry.content or "")
    parser.close()
    regex = re.compile(pattern) if isinstance(pattern, str) else pattern
    web = [(urljoin(entry.link or "", href), text) for href, text in parser.anchors]
    web = [(url, text) for url, text in web if url.startswith(("http://", "https://"))]
    if not web:
        result.warnings.append(f"{_name(entry)} has no links: skipped")
        return result
    chosen: dict[str, tuple[str, str]] = {}
    textless = 0
    for url, text in web:
        if regex is not None and not regex.search(url):
            continue
        key = normalize_url(url)
        if not text:
            textless += 1
            continue
        if key not in chosen or (_BARE_TEXT.match(chosen[key][1]) and not _BARE_TEXT.match(text)):
            chosen[key] = (url, text)
    if textless:
        result.warnings.append(
            f"{_name(entry)}: {textless} link{'s' if textless != 1 else ''} without text skipped"
        )
    for key, (url, text) in chosen.items():
        result.links.append(
            DigestLink(
                url=url,
                key=key,
                title=text,
                published=entry.published,
                entry_title=entry.title,
                entry_link=entry.link,
            )
        )
    return result


def extract_all(
    entries: Iterable[DigestEntry], pattern: str | re.Pattern[str] | None = None
) -> DigestResult:
    """Every entry's links, once per item: an item two digests report keeps the earlier date.

    When entries have links but none matches ``pattern``, one warning says so: a wrong
    pattern must not look like a quiet month.
    """
    result = DigestResult()
    by_key: dict[str, DigestLink] = {}
    entries = list(entries)
    for entry in entries:
        one = extract(entry, pattern)
        result.warnings.extend(one.warnings)
        for link in one.links:
            old = by_key.get(link.key)
            if old is None or _earlier(link, old):
                by_key[link.key] = link
    if entries and not by_key and pattern is not None:
        shown = pattern if isinstance(pattern, str) else pattern.pattern
        result.warnings.append(
            f"no link of {len(entries)} digest entr{'ies' if len(entries) != 1 else 'y'} "
            f"matches {shown!r}"
        )
    result.links = list(by_key.values())
    return result


def _earlier(new: DigestLink, old: DigestLink) -> bool:
    if new.published is None or old.published is None:
        return False
    return _utc(new.published) < _utc(old.published)


def _utc(moment: datetime) -> datetime:
    """Feeds mix dated and undated offsets; a naive date is taken as UTC to compare."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
