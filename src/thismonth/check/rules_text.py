"""The text: comments closed, nothing left unfinished, sections filled, headings in order."""

from __future__ import annotations

import re
from collections.abc import Iterator

from thismonth.check.document import Checked
from thismonth.check.findings import WARNING, Finding
from thismonth.render.xml_chars import not_xml

_PLACEHOLDERS = re.compile(
    r"<<[^<>]*>>|owner_name|repo_name|your_github_name|maintainer_\d|"
    r"example\.com/link|\{\{[^}]*\}\}|\{(?:month|month_label|month_name|year|name)\}|"
    r"\bLorem ipsum\b",
    re.I,
)
_TODO = re.compile(r"\b(TODO|FIXME|TBD|XXX)\b")
_ELLIPSIS_END = re.compile(r"(…|\.\.\.)\s*$")
_UNFINISHED = re.compile(r"(^|[,:;(]|\band|\bor|\bthe|\ba)\s*(…|\.\.\.)\s*$", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NO_UPDATES = re.compile(r"no updates", re.I)
_BYLINE = re.compile(r'^\s*<span class="(maintainers|gray)">.*</span>\s*$')


def comments(doc: Checked) -> Iterator[Finding]:
    s = doc.scan
    if s.conflict is not None:
        yield Finding(doc.path, s.conflict, "comments", "merge conflict marker left in the text")
    if s.unclosed is not None:
        yield Finding(
            doc.path,
            s.unclosed,
            "comments",
            "'<!--' is not closed before the next one (or the end): it hides the text after it",
        )
    if s.stray_close is not None:
        yield Finding(
            doc.path, s.stray_close, "comments", "'-->' closes no comment: it shows as text"
        )


def placeholders(doc: Checked) -> Iterator[Finding]:
    for i in doc.body():
        text = doc.visible(i)
        if m := _PLACEHOLDERS.search(text):
            yield Finding(
                doc.path,
                i + 1,
                "placeholder",
                f"template placeholder {m.group(0)!r} left in the text",
            )


def todos(doc: Checked) -> Iterator[Finding]:
    for i in doc.body():
        if doc.scan.in_fence[i]:
            continue
        visible = doc.visible(i)
        if m := _TODO.search(visible):
            yield Finding(doc.path, i + 1, "todo", f"{m.group(1)} left in the text")
        elif m := _TODO.search(doc.lines[i]):
            yield Finding(
                doc.path,
                i + 1,
                "todo",
                f"{m.group(1)} in a comment (publish removes notes)",
                WARNING,
            )


def unfinished(doc: Checked) -> Iterator[Finding]:
    """Sentences left open ("In April, …") and lead-ins that introduce nothing."""
    body = list(doc.body())
    for n, i in enumerate(body):
        text = doc.visible(i).strip()
        if not text:
            continue
        if _UNFINISHED.search(text):
            yield Finding(doc.path, i + 1, "unfinished", f"unfinished sentence: {_clip(text)!r}")
        elif _ELLIPSIS_END.search(text) and _ends_paragraph(doc, body, n):
            yield Finding(
                doc.path,
                i + 1,
                "unfinished",
                f"paragraph ends in an ellipsis: {_clip(text)!r}",
                WARNING,
            )
        if text.endswith(":") and not _HEADING.match(text) and _ends_paragraph(doc, body, n):
            nxt = _next_visible(doc, body, n)
            heading = _HEADING.match(doc.visible(nxt).strip()) if nxt is not None else None
            if nxt is None or (heading and len(heading.group(1)) <= 3):
                yield Finding(
                    doc.path,
                    i + 1,
                    "unfinished",
                    f"{_clip(text)!r} introduces nothing: its list is empty or commented out",
                )


def _ends_paragraph(doc: Checked, body: list[int], n: int) -> bool:
    return (
        n + 1 >= len(body) or not doc.visible(body[n + 1]).strip() or doc.scan.in_fence[body[n + 1]]
    )


def _next_visible(doc: Checked, body: list[int], n: int) -> int | None:
    for i in body[n + 1 :]:
        if doc.scan.in_fence[i] or doc.visible(i).strip():
            return i
    return None


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def headings(doc: Checked) -> Iterator[Finding]:
    """Levels step down one at a time; no ``#`` in the body (the title is the h1)."""
    previous = 1
    seen: dict[str, int] = {}
    for i in doc.body():
        if doc.scan.in_fence[i]:
            continue
        m = _HEADING.match(doc.visible(i).strip()) if doc.visible(i).startswith("#") else None
        if not m:
            continue
        level = len(m.group(1))
        if level == 1:
            yield Finding(
                doc.path,
                i + 1,
                "headings",
                "a '#' heading in the body: the title is the only h1",
                WARNING,
            )
        elif level > previous + 1 and not (doc.section and previous == 1):
            yield Finding(
                doc.path,
                i + 1,
                "headings",
                f"'{'#' * level}' follows '{'#' * previous}': a heading level is skipped",
            )
        if level == 2:
            key = m.group(2).lower()
            if key in seen:
                yield Finding(
                    doc.path,
                    i + 1,
                    "headings",
                    f"section {m.group(2)!r} again (also line {seen[key]})",
                    WARNING,
                )
            seen.setdefault(key, i + 1)
        previous = level


def empty_sections(doc: Checked) -> Iterator[Finding]:
    """A section with nothing to read needs its "no updates" note; a project its news."""
    spans = _sections(doc)
    for level, start, end, title in spans:
        content = [
            i for i in range(start + 1, end) if doc.visible(i).strip() or doc.scan.in_fence[i]
        ]
        if level == 2:
            if not content:
                yield Finding(
                    doc.path,
                    start + 1,
                    "empty-section",
                    f"section {title!r} is empty: write it, remove it, or add "
                    "'_No updates were proposed for this section this month._'",
                )
        elif level == 3:
            own = [i for i in content if not _BYLINE.match(doc.visible(i))]
            if not own:
                yield Finding(
                    doc.path,
                    start + 1,
                    "empty-section",
                    f"{title!r} has a heading but no news: write it, or comment the section out",
                )


def _sections(doc: Checked) -> list[tuple[int, int, int, str]]:
    """(level, heading index, end index, title) for each ``##`` and ``###`` heading."""
    found: list[tuple[int, int, str]] = []
    for i in doc.body():
        if doc.scan.in_fence[i] or not doc.visible(i).startswith("#"):
            continue
        m = _HEADING.match(doc.visible(i).strip())
        if m and len(m.group(1)) in (2, 3):
            found.append((len(m.group(1)), i, m.group(2)))
    out = []
    for k, (level, i, title) in enumerate(found):
        end = len(doc.lines)
        for level2, j, _ in found[k + 1 :]:
            if level2 <= level:
                end = j
                break
        out.append((level, i, end, title))
    return out


def section_file(doc: Checked) -> Iterator[Finding]:
    """A contributed section starts with its heading and says who wrote it."""
    if not doc.section:
        return
    first = next((i for i in range(len(doc.lines)) if doc.visible(i).strip()), None)
    if first is None or not re.match(r"^#{2,4}\s", doc.visible(first)):
        yield Finding(
            doc.path,
            (first or 0) + 1,
            "section",
            "a section starts with its heading: ### [`owner/repo`](https://github.com/owner/repo)",
        )
    if not any("written by" in doc.visible(i).lower() for i in range(len(doc.lines))):
        yield Finding(
            doc.path, (first or 0) + 1, "section", "no 'Section written by @author' line", WARNING
        )


def control_characters(doc: Checked) -> Iterator[Finding]:
    """Characters XML cannot hold (``\\x01``, ``\\x1b``, U+FFFF...): the feeds and e-mail
    drop them, so the published copies differ from the file. Lines are counted at ``\\n``,
    as an editor's editor counts them."""
    for n, line in enumerate(doc.text.split("\n")):
        found = not_xml(line)
        if found:
            names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for _, c in found))
            yield Finding(
                doc.path,
                n + 1,
                "control-character",
                f"{names} at column {found[0][0] + 1}: invisible, and dropped from feeds"
                " and e-mail; delete it",
                WARNING,
            )
