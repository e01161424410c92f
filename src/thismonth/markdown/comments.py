"""HTML comments and code fences of a Markdown file, found line by line.

Drafts hide the editors' notes and the commented-out PRs in ``<!-- -->``; an unclosed
``<!--`` swallows the rest of the issue when the site renders it, so both the merge
(before touching a draft) and the checks look for them here. Text inside fenced code
blocks and inline code spans is not markup and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TOKEN = re.compile(r"<!--|-->")
# ``\<!--`` is an escaped "<" (how render writes a title holding "<!--"), not a comment;
# ``\\`` is an escaped backslash, so the "<" after it is real.
_ESCAPED = re.compile(r"\\[\\<]")
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?:\s|$)")


@dataclass
class Scan:
    """Per line: in a fence, fully or partly in a comment; and the problems found."""

    in_fence: list[bool]
    commented: list[bool]  # the line's visible text is entirely inside a comment
    visible: list[str]  # the line with comments (and fences) blanked out
    unclosed: int | None  # 1-based line of an ``<!--`` never closed
    stray_close: int | None  # 1-based line of a ``-->`` closing nothing
    conflict: int | None  # 1-based line of a merge conflict marker


def scan(lines: list[str]) -> Scan:
    in_fence: list[bool] = []
    commented: list[bool] = []
    visible: list[str] = []
    fence: str | None = None
    open_at: int | None = None
    unclosed = stray = conflict = None
    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        if open_at is None and (fence is not None or m):
            if fence is None and m:
                fence = m.group(1)[0] * 3
            elif fence is not None and m and m.group(1).startswith(fence):
                fence = None
            in_fence.append(True)
            commented.append(False)
            visible.append("")
            continue
        in_fence.append(False)
        if conflict is None and CONFLICT_MARKER.match(line) and open_at is None:
            conflict = number
        masked = _CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line)
        masked = _ESCAPED.sub("  ", masked)
        out: list[str] = []
        pos = 0
        inside = open_at is not None
        any_visible = False
        for tok in _TOKEN.finditer(masked):
            if tok.group(0) == "<!--":
                if inside and unclosed is None:
                    # HTML does not nest comments: an opening inside an open comment
                    # means the first one was never closed where it was meant to be.
                    unclosed = open_at
                if not inside:
                    piece = line[pos : tok.start()]
                    out.append(piece)
                    any_visible = any_visible or bool(piece.strip())
                    inside = True
                    open_at = number
                    pos = tok.end()
            else:
                if inside:
                    inside = False
                    open_at = None
                    out.append(" " * (tok.end() - pos))
                    pos = tok.end()
                elif stray is None:
                    stray = number
        if inside:
            out.append("")
        else:
            piece = line[pos:]
            out.append(piece)
            any_visible = any_visible or bool(piece.strip())
        text = "".join(out)
        visible.append(text)
        commented.append(not any_visible and bool(line.strip()))
    if open_at is not None and unclosed is None:
        unclosed = open_at
    return Scan(in_fence, commented, visible, unclosed, stray, conflict)
