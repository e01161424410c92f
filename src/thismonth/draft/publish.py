"""Publishing a month: date it, clear the editors' notes, check it, open the next draft.

Nothing is written unless everything succeeded: the new text is built in memory, checked,
and only then replaces the issue (atomically); the next month's draft is created only
when it does not exist yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from thismonth.check import Activity, Report, check_text
from thismonth.config import Config
from thismonth.draft.lines import identity
from thismonth.draft.markup import scan
from thismonth.draft.merge import merge_draft, validate
from thismonth.draft.sections import include_sections, sections_folder
from thismonth.draft.state import state_path
from thismonth.errors import DraftError
from thismonth.frontmatter import split
from thismonth.months import Month
from thismonth.writing import read_text, write_atomic

_KEEP = re.compile(r"^<!--\s*more\s*-->$")  # Zola's summary marker is content, not a note
_DRAFT_KEY = re.compile(r"^(\s*)draft\s*(=|:)\s*true\s*$")
_DATE_KEY = re.compile(r"^\s*date\s*(=|:)")
_TITLE_KEY = re.compile(r"^\s*title\s*(=|:)")


@dataclass
class Published:
    path: Path
    text: str
    date: dt.date
    report: Report
    next_path: Path | None = None  # the next month's draft, when it was created
    notes: list[str] = field(default_factory=list)


def prepare(
    config: Config,
    month: Month,
    *,
    date: dt.date,
    strip_commented: bool = False,
    activity: Activity | None = None,
    spell: bool = True,
) -> Published:
    """The published text of ``month`` and its check report; writes nothing."""
    from thismonth.pipeline import output_path

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
    report = check_text(
        text, str(path), activity=activity, spell=spell, github_url=config.github_url
    )
    return Published(path=path, text=text, date=date, report=report)


def write(config: Config, month: Month, published: Published) -> Published:
    """Write the issue, then the next month's draft if there is none yet."""
    write_atomic(published.path, published.text)
    published.next_path = open_next(config, month.next())
    return published


def open_next(config: Config, month: Month) -> Path | None:
    """An empty draft of ``month`` (front matter, intro, sections), unless one exists."""
    from thismonth.compose import build_issue
    from thismonth.pipeline import output_path
    from thismonth.render import render_issue

    path = output_path(config, month)
    if path.exists():
        return None
    generated = render_issue(build_issue(config, month, {}), config)
    generated = include_sections(generated, sections_folder(path))
    write_atomic(path, generated)
    write_atomic(state_path(config, month), generated)
    return path


def _refresh_sections(config: Config, month: Month, text: str, path: Path) -> str:
    """Bring in the authors' latest section files through the usual three-way merge."""
    state = state_path(config, month)
    try:
        base = state.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError):
        return text
    generated = include_sections(base, sections_folder(path))
    if generated == base:
        return text
    return merge_draft(text, generated, source=str(path), state_path=state)


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
    return _tidy(out)


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


def _tidy(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _key_line(text: str, pattern: re.Pattern[str]) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return n
    return 1
