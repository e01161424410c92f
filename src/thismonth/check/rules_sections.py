"""Contributed sections: every section file's text is in the issue beside it.

A section file is its author's; the issue includes it on every draft and at publish. If
a line of the file is not in the issue (a re-draft not run since the author's change, a
merge that could not bring it, an editor who edited the copy instead of the file), the
published issue would silently lack what the author wrote: that is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from thismonth.check.findings import Finding
from thismonth.markdown.comments import scan

RULE = "section-text"


def _shown(lines: list[str]) -> list[str]:
    """Each line as a reader sees it (comments out, spaces folded); fences as written."""
    found = scan(lines)
    return [
        " ".join((line if fenced else visible).split())
        for line, visible, fenced in zip(lines, found.visible, found.in_fence, strict=True)
    ]


def sections_in_issue(issue_text: str, issue_name: str, folder: Path) -> Iterator[Finding]:
    if not folder.is_dir():
        return
    have = set(_shown(issue_text.splitlines()))
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the section rules report a file that cannot be read
        missing = [n for n, text in enumerate(_shown(lines), start=1) if text and text not in have]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            yield Finding(
                str(path),
                missing[0],
                RULE,
                f"this line of the section is not in {issue_name}{more}: re-draft the month "
                "to bring the section in; to change it, edit the section file, not its copy",
            )
