"""Front matter: it parses, has the keys the site needs, and agrees with itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from thismonth.check.document import Checked
from thismonth.check.findings import WARNING, Finding


def front_matter(doc: Checked) -> Iterator[Finding]:
    if doc.section:
        return
    if doc.front_matter_error is not None:
        where, _, message = str(doc.front_matter_error).partition(": ")
        line = where.rsplit(":", 1)[-1]
        yield Finding(doc.path, int(line) if line.isdigit() else 1, "front-matter", message)
        return
    meta = doc.meta or {}
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        yield Finding(doc.path, _key_line(doc, "title"), "front-matter", "missing key 'title'")
    draft = meta.get("draft") is True
    date = meta.get("date")
    if date is None and not draft:
        yield Finding(
            doc.path, 1, "front-matter", "missing key 'date' (or 'draft = true' while a draft)"
        )
    if date is not None and not isinstance(date, dt.date):
        try:
            dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            yield Finding(
                doc.path, _key_line(doc, "date"), "front-matter", f"date {date!r} is not YYYY-MM-DD"
            )
    extra = meta.get("extra") if doc.flavor == "zola" else meta
    if not isinstance(extra, dict) or "month" not in extra:
        key = "[extra] month" if doc.flavor == "zola" else "month"
        yield Finding(doc.path, 1, "front-matter", f"missing key {key!r}", WARNING)
    title = meta.get("title")
    if doc.month is not None and isinstance(title, str) and doc.month.label not in title:
        yield Finding(
            doc.path,
            _key_line(doc, "title"),
            "front-matter",
            f"title {title!r} does not name the issue's month, {doc.month.label}",
            WARNING,
        )
    if doc.month is not None and date is not None:
        day = date if isinstance(date, dt.date) else _parse_day(str(date))
        if day is not None and (day.year, day.month) <= (doc.month.year, doc.month.month):
            yield Finding(
                doc.path,
                _key_line(doc, "date"),
                "front-matter",
                f"date {day} is before {doc.month.label} ended",
                WARNING,
            )


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _key_line(doc: Checked, key: str) -> int:
    for i in range(doc.body_start):
        if doc.lines[i].lstrip().startswith((f"{key} ", f"{key}=", f"{key}:")):
            return i + 1
    return 1
