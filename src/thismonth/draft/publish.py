"""Publishing a month, as text: date it, clear the editors' notes, open the next draft.

This module only transforms text and writes files; the use case (``app/publish.py``)
runs ``check`` between the two, so nothing is written unless the check passed: the new
text is built in memory first, and the next month's draft is created only when it does
not exist yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from thismonth.compose import build_issue
from thismonth.config import Config, output_path
from thismonth.draft.merge import merge_draft, validate
from thismonth.draft.sections import include_sections, sections_folder
from thismonth.draft.state import read_state, state_path, write_draft
from thismonth.errors import DraftError
from thismonth.markdown.comments import scan
from thismonth.markdown.frontmatter import split
from thismonth.markdown.lines import identity
from thismonth.markdown.text import collapse_blank_lines
from thismonth.months import Month
from thismonth.render import render_issue
from thismonth.writing import read_text, write_atomic

_KEEP = re.compile(r"^<!--\s*more\s*-->$")  # Zola's summary marker is content, not a note
_DRAFT_KEY = re.compile(r"^(\s*)draft\s*(=|:)\s*true\s*$")
_DATE_KEY = re.compile(r"^\s*date\s*(=|:)")
_TITLE_KEY = re.compile(r"^\s*title\s*(=|:)")


@dataclass
class PublishedText:
    """The issue as it will be published, not yet written."""

    path: Path
    text: str
    date: dt.date


def published_text(
    config: Config, month: Month, *, date: dt.date, strip_commented: bool = False
) -> PublishedText:
    """The published text of ``month``: sections refreshed, dated, notes stripped."""
    path = output_path(config, month)
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise DraftError(
            f"{path}: no draft for {month} yet: run `thismonth draft {month}` first"
        ) from None
    validate(text, str(path))
    doc = split(text, str(path))
    if doc.meta.get("date") is not None and doc.meta.get("draft") is not True:
        line = _key_line(text, _DATE_KEY)
        raise DraftError(
            f"{path}:{line}: {month} is already published (date {doc.meta['date']}); "
            "edit the file to change it"
        )
    text = _refresh_sections(config, month, text, path)
    text = set_date(text, date, doc.flavor)
    text = strip_notes(text, keep_commented=not strip_commented)
    return PublishedText(path=path, text=text, date=date)


def write(config: Config, month: Month, published: PublishedText) -> Path | None:
    """Write the issue, then the next month's draft if there is none yet (its path)."""
    write_atomic(published.path, published.text)
    return open_next(config, month.next())


def open_next(config: Config, month: Month) -> Path | None:
    """An empty draft of ``month`` (front matter, intro, sections), unless one exists."""
    path = output_path(config, month)
    if path.exists():
        return None
    generated = render_issue(build_issue(config, month, {}), config)
    generated = include_sections(generated, sections_folder(path))
    write_draft(path, generated, state_path(config, month), generated, until=None)
    return path


def _refresh_sections(config: Config, month: Month, text: str, path: Path) -> str:
    """Bring in the authors' latest section files through the usual three-way merge."""
    state = state_path(config, month)
    base = read_state(state).generated
    if base is None:
        return text
    generated = include_sections(base, sections_folder(path))
    if generated == base:
        return text
    return merge_draft(text, generated, source=str(path), base=base)


def set_date(text: str, date: dt.date, flavor: str) -> str:
    """``draft = true`` becomes ``date = ...``; the rest of the front matter stays as written."""
    lines = text.splitlines(keepends=True)
    fence = lines[0].strip()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == fence)
    sep = " = " if flavor == "zola" else ": "
    value = date.isoformat()
    dated = False
    for i in range(1, end):
        if m := _DRAFT_KEY.match(lines[i].rstrip("\r\n")):
            lines[i] = f"{m.group(1)}date{sep}{value}\n"
            dated = True
            break
    if not dated:
        at = next((i + 1 for i in range(1, end) if _TITLE_KEY.match(lines[i])), 1)
        lines.insert(at, f"date{sep}{value}\n")
    return "".join(lines)


def strip_notes(text: str, *, keep_commented: bool = True) -> str:
    """Remove the editors' notes (HTML comments), keeping ``<!-- more -->`` and, unless
    asked, the commented-out PRs (so the next editor sees what was left out)."""
    lines = text.splitlines()
    found = scan(lines)
    body = split(text).body_line - 1
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i < body or found.in_fence[i] or "<!--" not in line:
            out.append(line)
            i += 1
            continue
        stripped = line.strip()
        if stripped.startswith("<!--") and (end := _comment_end(lines, i)) is not None:
            block = lines[i : end + 1]
            if _KEEP.match(stripped) and end == i:
                out.append(line)
            elif keep_commented and _only_items(block):
                out.extend(block)
            i = end + 1
            continue
        out.append(re.sub(r"<!--.*?-->", "", line).rstrip() if "-->" in line else line)
        i += 1
    return collapse_blank_lines(out)


def _comment_end(lines: list[str], start: int) -> int | None:
    """The line where a comment starting line ``start`` ends, if nothing follows it there."""
    rest = lines[start].strip()[4:]
    if "-->" in rest:
        return start if not rest.split("-->", 1)[1].strip() else None
    for j in range(start + 1, len(lines)):
        if "-->" in lines[j]:
            return j if not lines[j].split("-->", 1)[1].strip() else None
    return None


def _only_items(block: list[str]) -> bool:
    """A comment holding only items or project headings: PRs left out, not a note."""
    content = [c for x in block if (c := re.sub(r"<!--|-->", "", x).strip())]
    return bool(content) and all(identity(c) is not None for c in content)


def _key_line(text: str, pattern: re.Pattern[str]) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return n
    return 1
