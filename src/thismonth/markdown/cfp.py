"""The Call for Participation's listed issues, found in an issue's Markdown.

Editors uncomment the open newcomer issues thismonth proposes under "## Call for
Participation". Between drafting and publishing some get closed; ``check`` flags those
and ``publish`` drops them. Only visible list items (not commented out) that link a
GitHub issue count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thismonth.markdown.comments import scan

_HEADING = re.compile(r"^##\s+Call for Participation\s*$", re.I)
_ISSUE = re.compile(
    r"^\s*[-*+]\s+.*?\]\((https?://(?:www\.)?github\.com/([\w.-]+/[\w.-]+)/issues/(\d+))[^)]*\)"
)


@dataclass(frozen=True)
class CfpLine:
    index: int  # 0-based line index
    repo: str  # owner/name
    number: int
    url: str


def cfp_lines(text: str) -> list[CfpLine]:
    lines = text.splitlines()
    found = scan(lines)
    out: list[CfpLine] = []
    inside = False
    for i, visible in enumerate(found.visible):
        if visible.startswith("#"):
            inside = bool(_HEADING.match(visible.strip()))
            continue
        m = _ISSUE.match(visible) if inside else None
        if m:
            out.append(CfpLine(i, m.group(2), int(m.group(3)), m.group(1)))
    return out


def drop_lines(text: str, drop: list[CfpLine]) -> str:
    """``text`` without the lines of ``drop`` (and their indented continuation lines)."""
    lines = text.splitlines(keepends=True)
    gone: set[int] = set()
    for item in drop:
        gone.add(item.index)
        j = item.index + 1
        while j < len(lines) and lines[j].startswith(("  ", "\t")) and lines[j].strip():
            gone.add(j)
            j += 1
    return "".join(line for i, line in enumerate(lines) if i not in gone)
