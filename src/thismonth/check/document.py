"""A file under check: its lines, front matter, comments masked, and its month."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thismonth.errors import DraftError, UsageError
from thismonth.markdown.comments import Scan, scan
from thismonth.markdown.frontmatter import split
from thismonth.months import MONTH_NAMES, Month
from thismonth.writing import TextFileError, read_text

_MONTH_LABEL = re.compile(r"(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})")
_MONTH_IN_PATH = re.compile(r"(\d{4})-(\d{2})")


@dataclass
class Checked:
    path: str
    lines: list[str]
    scan: Scan
    body_start: int = 0  # 0-based index of the first body line
    meta: dict[str, Any] | None = None
    flavor: str | None = None
    front_matter_error: DraftError | None = None
    month: Month | None = None
    section: bool = False  # a contributed section, not a whole issue
    extra: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the file as read (``lines`` lose the characters splitlines() splits on)

    def body(self) -> range:
        return range(self.body_start, len(self.lines))

    def visible(self, i: int) -> str:
        """Line ``i`` (0-based) with comments blanked out, empty inside code fences."""
        return self.scan.visible[i]


def read(path: Path, *, section: bool = False, display: str | None = None) -> Checked:
    name = display or str(path)
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except TextFileError as exc:
        raise UsageError(str(exc)) from None
    return parse(text, name, section=section)


def parse(text: str, name: str, *, section: bool = False) -> Checked:
    lines = text.splitlines()
    doc = Checked(path=name, lines=lines, scan=scan(lines), section=section, text=text)
    if not section:
        try:
            fm = split(text, name)
            doc.meta, doc.flavor, doc.body_start = fm.meta, fm.flavor, fm.body_line - 1
        except DraftError as exc:
            doc.front_matter_error = exc
            doc.body_start = _guess_body(lines)
    doc.month = _month(doc, name)
    return doc


def _guess_body(lines: list[str]) -> int:
    if lines and lines[0].strip() in ("+++", "---"):
        fence = lines[0].strip()
        for i in range(1, len(lines)):
            if lines[i].strip() == fence:
                return i + 1
    return 0


def _month(doc: Checked, name: str) -> Month | None:
    meta = doc.meta or {}
    extra = meta.get("extra") if isinstance(meta.get("extra"), dict) else {}
    label = extra.get("month") or meta.get("month")
    if isinstance(label, str) and (m := _MONTH_LABEL.search(label)):
        return Month(int(m.group(2)), MONTH_NAMES.index(m.group(1)) + 1)
    if isinstance(meta.get("title"), str) and (m := _MONTH_LABEL.search(meta["title"])):
        return Month(int(m.group(2)), MONTH_NAMES.index(m.group(1)) + 1)
    for part in reversed(Path(name).parts):
        if (m := _MONTH_IN_PATH.search(part)) and 1 <= int(m.group(2)) <= 12:
            return Month(int(m.group(1)), int(m.group(2)))
    return None
