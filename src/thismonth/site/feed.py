"""Atom and RSS feeds, built as XML trees so every title and body is escaped by the library.

Only published issues go into feeds (a draft has no date and may still change), newest
first, at most ``limit`` of them, each with its full HTML. Timestamps are the issues'
own dates, so building twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from email.utils import format_datetime

from thismonth.render.xml_chars import xml_safe
from thismonth.site.issues import Issue

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _moment(issue: Issue) -> dt.datetime:
    if issue.date is None:
        return EPOCH
    return dt.datetime(issue.date.year, issue.date.month, issue.date.day, tzinfo=dt.UTC)


def _published(issues: Sequence[Issue], limit: int) -> list[Issue]:
    dated = [i for i in issues if not i.draft and i.date is not None]
    return sorted(dated, key=lambda i: (i.date, i.month), reverse=True)[:limit]


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _serialize(root: ET.Element) -> bytes:
    # ElementTree escapes markup but writes control characters as they are, which no
    # XML parser accepts: drop them from every text and attribute, whatever their source.
    for el in root.iter():
        if el.text:
            el.text = xml_safe(el.text)
        if el.tail:
            el.tail = xml_safe(el.tail)
        for key, value in el.attrib.items():
            el.attrib[key] = xml_safe(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(
    issues: Sequence[Issue], *, title: str, base_url: str, author: str = "", limit: int = 20
) -> bytes:
    """An Atom 1.0 feed (RFC 4287)."""
    entries = _published(issues, limit)
    updated = max((_moment(i) for i in entries), default=EPOCH)
    ET.register_namespace("", ATOM_NS)

    def q(tag: str) -> str:
        return f"{{{ATOM_NS}}}{tag}"

    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _text(feed, q("title"), title)
    ET.SubElement(
        feed,
        q("link"),
        {"rel": "self", "type": "application/atom+xml", "href": f"{base_url}atom.xml"},
    )
    ET.SubElement(feed, q("link"), {"rel": "alternate", "type": "text/html", "href": base_url})
    _text(feed, q("updated"), updated.isoformat())
    _text(feed, q("id"), base_url)
    if author:
        _text(ET.SubElement(feed, q("author")), q("name"), author)
    _text(feed, q("generator"), "thismonth")
    for issue in entries:
        url = f"{base_url}{issue.slug}/"
        entry = ET.SubElement(feed, q("entry"))
        _text(entry, q("title"), issue.title, type="text")
        ET.SubElement(entry, q("link"), {"rel": "alternate", "type": "text/html", "href": url})
        _text(entry, q("id"), url)
        _text(entry, q("published"), _moment(issue).isoformat())
        _text(entry, q("updated"), _moment(issue).isoformat())
        for login in issue.editors or ([author] if author else []):
            _text(ET.SubElement(entry, q("author")), q("name"), login)
        if not issue.editors and not author:
            _text(ET.SubElement(entry, q("author")), q("name"), title)
        _text(entry, q("summary"), issue.summary_html, type="html")
        _text(entry, q("content"), issue.html, type="html")
    return _serialize(feed)


def rss(
    issues: Sequence[Issue], *, title: str, base_url: str, description: str = "", limit: int = 20
) -> bytes:
    """An RSS 2.0 feed, with an ``atom:link rel="self"`` as the RSS Advisory Board asks."""
    entries = _published(issues, limit)
    updated = max((_moment(i) for i in entries), default=EPOCH)
    ET.register_namespace("atom", ATOM_NS)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", title)
    _text(channel, "link", base_url)
    _text(channel, "description", description or title)
    _text(channel, "language", "en")
    _text(channel, "lastBuildDate", format_datetime(updated))
    _text(channel, "generator", "thismonth")
    ET.SubElement(
        channel,
        f"{{{ATOM_NS}}}link",
        {"href": f"{base_url}rss.xml", "rel": "self", "type": "application/rss+xml"},
    )
    for issue in entries:
        url = f"{base_url}{issue.slug}/"
        item = ET.SubElement(channel, "item")
        _text(item, "title", issue.title)
        _text(item, "link", url)
        _text(item, "guid", url, isPermaLink="true")
        _text(item, "pubDate", format_datetime(_moment(issue)))
        _text(item, "description", issue.html)
    return _serialize(root)
