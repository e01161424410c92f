"""Finding and reading the issue files: ``content/this-month/YYYY-MM/index.md`` and kin.

The path pattern is ``Config.output`` (``{month}``, ``{year}``, ``{mm}`` ... placeholders),
so the site reads exactly the files ``thismonth draft`` writes. An issue's front matter is
the Zola one of the published newsletter (``title``, ``date`` or ``draft = true``,
``[extra] month/editors/authors``) or its YAML equivalent with the same keys at the top.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thismonth.draft.merge import validate
from thismonth.errors import ThisMonthError
from thismonth.markdown.frontmatter import split
from thismonth.months import MONTH_NAMES, Month
from thismonth.writing import decode_text, read_limited

_FIELD = re.compile(r"\{(\w+)\}")
_FIELD_RE = {
    "month": r"(?P<month>\d{4}-\d{2})",
    "year": r"(?P<year>\d{4})",
    "mm": r"(?P<mm>\d{2})",
    "month_name": r"(?P<month_name>[A-Za-z]+)",
}


@dataclass
class Source:
    """An issue file found on disk, before it is read."""

    path: Path
    rel: str  # path relative to the content root, with forward slashes
    month: str | None  # from the path, when the pattern names it


@dataclass
class Issue:
    """One issue as the site needs it; ``html`` is filled in by the renderer."""

    source: Path
    rel: str
    month: str  # "2024-06"
    title: str
    month_label: str
    date: dt.date | None
    draft: bool
    editors: list[str]
    body: str
    sha: str
    body_line: int = 1
    damage: str | None = None  # why it cannot be rendered safely (``draft``'s file:line error)
    html: str = ""
    summary_html: str = ""
    headings: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.month

    @property
    def date_label(self) -> str:
        if self.date is None:
            return "unpublished draft"
        return f"{MONTH_NAMES[self.date.month - 1]} {self.date.day}, {self.date.year}"


def find_sources(root: Path, pattern: str) -> list[Source]:
    """Every file under ``root`` that matches the issue path ``pattern``, sorted by path."""
    glob_pattern = _FIELD.sub("*", pattern)
    regex = re.compile(_pattern_regex(pattern))
    found = []
    for name in glob.glob(glob_pattern, root_dir=root):
        rel = Path(name).as_posix()
        m = regex.fullmatch(rel)
        if not m:
            continue
        found.append(Source(root / name, rel, _month_from_match(m.groupdict())))
    return sorted(found, key=lambda s: s.rel)


def _pattern_regex(pattern: str) -> str:
    out, pos = [], 0
    for m in _FIELD.finditer(pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        name = m.group(1)
        if name in _FIELD_RE and f"(?P<{name}>" not in "".join(out):
            out.append(_FIELD_RE[name])
        else:
            out.append(r"[^/]+")
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return "".join(out)


def _month_from_match(groups: dict[str, str | None]) -> str | None:
    if groups.get("month"):
        return groups["month"]
    year = groups.get("year")
    mm = groups.get("mm")
    if year and not mm and groups.get("month_name"):
        name = str(groups["month_name"]).capitalize()
        if name in MONTH_NAMES:
            mm = f"{MONTH_NAMES.index(name) + 1:02d}"
    return f"{year}-{mm}" if year and mm else None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def read_issue(source: Source, data: bytes | None = None) -> Issue:
    """Parse one issue file, or raise ThisMonthError naming the file (and line)."""
    path = source.path
    if data is None:
        try:
            data = read_limited(path)
        except OSError as exc:
            raise ThisMonthError(f"{path}: cannot read issue: {exc.strerror or exc}") from None
    text = decode_text(data, path)
    doc = split(text, str(path))
    meta = doc.meta
    extra = meta.get("extra") if isinstance(meta.get("extra"), dict) else {}

    def get(key: str) -> Any:
        return extra.get(key, meta.get(key))

    def line_of(key: str) -> int:
        for i, line in enumerate(doc.raw_meta.splitlines(), start=2):
            if re.match(rf"\s*{re.escape(key)}\s*[=:]", line):
                return i
        return 1

    date = _date(meta.get("date"), f"{path}:{line_of('date')}")
    draft = meta.get("draft") is True or date is None
    month = source.month or _month_from_label(get("month")) or (date and _prev_month(date))
    if not month:
        raise ThisMonthError(
            f"{path}:1: cannot tell which month this issue covers: "
            "put it under a YYYY-MM folder or set extra.month"
        )
    try:
        label = Month.parse(month).label
    except ThisMonthError as exc:
        raise ThisMonthError(f"{path}: {exc}") from None
    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        raise ThisMonthError(f"{path}:{line_of('title')}: title: expected a string")
    editors = get("editors") or get("authors") or []
    if isinstance(editors, str):
        editors = [editors]
    if not isinstance(editors, list) or not all(isinstance(e, str) for e in editors):
        raise ThisMonthError(f"{path}: extra.editors: expected a list of logins")
    month_label = get("month") if isinstance(get("month"), str) else label
    try:  # an unclosed "<!--" would swallow the rest of the issue: refused where rendered
        validate(text, str(path))
        damage = None
    except ThisMonthError as exc:
        damage = str(exc)
    return Issue(
        damage=damage,
        source=path,
        rel=source.rel,
        month=month,
        title=title or month_label,
        month_label=month_label,
        date=date,
        draft=draft,
        editors=list(editors),
        body=doc.body,
        sha=digest(data),
        body_line=doc.body_line,
    )


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
            try:
                return parse(value.strip())
            except ValueError:
                pass
    raise ThisMonthError(f"{where}: date {value!r} does not parse: use YYYY-MM-DD")


def _month_from_label(label: Any) -> str | None:
    if not isinstance(label, str):
        return None
    m = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{4})\s*", label)
    if m and m.group(1).capitalize() in MONTH_NAMES:
        return f"{m.group(2)}-{MONTH_NAMES.index(m.group(1).capitalize()) + 1:02d}"
    return None


def _prev_month(date: dt.date) -> str:
    # An issue is published in the month after the one it covers.
    year, month = (date.year, date.month - 1) if date.month > 1 else (date.year - 1, 12)
    return f"{year:04d}-{month:02d}"
