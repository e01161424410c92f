"""A project whose source failed keeps its section as the last draft left it.

A failing source (a missing clone, a repository the API refuses) says nothing about the
project's month; leaving its section out of the new generation would make the merge
delete it, human paragraphs included. Instead the new generation carries the section
exactly as the last generation had it, so the merge sees no change from thismonth there
and keeps what people wrote, plus a draft note saying it was not refreshed and why. The
note is generated text too: the next re-draft that reads the project replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from thismonth.draft.merge import _blocks
from thismonth.markdown.lines import normalize_url
from thismonth.render.escape import comment_safe, one_line


@dataclass(frozen=True)
class Unrefreshed:
    repo: str  # "owner/repo"
    url: str  # the project's URL, as its heading links it
    reason: str


def note(project: Unrefreshed) -> str:
    reason = comment_safe(one_line(project.reason)).replace("<!--", "<\\!--")
    return (
        f"<!-- thismonth: {comment_safe(project.repo)} was not refreshed ({reason}): "
        "this section is as the last draft left it -->"
    )


def keep_unrefreshed(
    generated: str,
    base: str | None,
    failed: list[Unrefreshed],
    project_urls: list[str],
    projects_heading: str,
) -> str:
    """``generated`` with each failed project's section taken from ``base``, noted."""
    if not failed:
        return generated
    lines = generated.splitlines()
    old = base.splitlines() if base else []
    keys = ["heading:" + normalize_url(u) for u in project_urls]
    for project in failed:
        key = "heading:" + normalize_url(project.url)
        old_blocks = {k: (s, e) for s, e, k in _blocks(old) if k in keys}
        here = {k: (s, e) for s, e, k in _blocks(lines) if k in keys}
        if key in here:  # a source that failed and still reported: keep its section
            s, e = here[key]
            lines[s + 1 : s + 1] = [note(project)]
            continue
        if key in old_blocks:
            s, e = old_blocks[key]
            chunk = [old[s], note(project), *old[s + 1 : e]]
            at = _position(key, keys, old_blocks, here, lines, projects_heading)
        else:
            chunk = [note(project), ""]
            at = _end_of_projects(lines, here, projects_heading)
        lines[at:at] = chunk
    return "\n".join(lines) + "\n"


def _position(
    key: str,
    keys: list[str],
    old: dict[str, tuple[int, int]],
    here: dict[str, tuple[int, int]],
    lines: list[str],
    heading: str,
) -> int:
    """Where the section stood in the last generation: after the project before it."""
    before = [k for k in sorted(old, key=lambda k: old[k][0]) if old[k][0] < old[key][0]]
    for k in reversed(before):
        if k in here:
            return here[k][1]
    after = [k for k in sorted(old, key=lambda k: old[k][0]) if old[k][0] > old[key][0]]
    for k in after:
        if k in here:
            return here[k][0]
    return _end_of_projects(lines, here, heading)


def _end_of_projects(lines: list[str], here: dict[str, tuple[int, int]], heading: str) -> int:
    if here:
        return max(e for _s, e in here.values())
    title = f"## {heading}".strip()
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if start is None:
        return len(lines)
    return next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
