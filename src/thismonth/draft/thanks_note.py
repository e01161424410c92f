"""New contributors the editor's own thanks line does not name get a note beside it.

A thanks line people edited is theirs: the merge keeps it as they wrote it, so a new
contributor found by a later re-draft would go unthanked without a word. After the
merge, each project's generated thanks line is compared with the last generation's:
anyone new there whom the project's section in the merged draft does not mention gets
a draft note under the editor's thanks line (once; ``check`` warns while notes remain).
"""

from __future__ import annotations

import re

from thismonth.draft.merge import _blocks
from thismonth.markdown.lines import normalize_url

_THANKS = re.compile(r"^\s*Thanks to (.+?) for (?:their|the) contributions?\b", re.I)
_THANKS_LINE = re.compile(r"^\s*(?:<!--\s*)?Thanks\b", re.I)  # however people reworded it
_LINK = re.compile(r"\[@([^\]]+)\]\(([^)\s]+)\)")
NOTE = "<!-- thismonth: new contributors since the thanks line was edited: {} -->"


def thanked(line: str) -> list[tuple[str, str]]:
    """(key, as written) of each person a thanks line names; key: link URL or name."""
    m = _THANKS.match(line)
    if m is None:
        return []
    people = m.group(1)
    out = [(normalize_url(url), f"[@{login}]({url})") for login, url in _LINK.findall(people)]
    plain = _LINK.sub("", people)
    for name in re.split(r",\s*and\s+|,\s*|\s+and\s+", plain):
        name = name.strip()
        if name:
            out.append((name.lower(), name))
    return out


def _thanks_by_block(lines: list[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for start, end, key in _blocks(lines):
        if key is not None:
            out[key] = [p for line in lines[start:end] for p in thanked(line)]
    return out


def note_new_contributors(merged: str, base: str | None, generated: str) -> str:
    if base is None:
        return merged
    before = _thanks_by_block(base.splitlines())
    now = _thanks_by_block(generated.splitlines())
    lines = merged.splitlines()
    for start, end, key in reversed(_blocks(lines)):
        if key is None or key not in now:
            continue
        known = {k for k, _ in before.get(key, [])}
        block = lines[start:end]
        text = "\n".join(block).lower()
        mentioned = {k for line in block for k, _ in thanked(line)}
        new = [
            shown
            for k, shown in now[key]
            if k not in known and k not in mentioned and (k + ")" if "/" in k else k) not in text
        ]
        if not new:
            continue
        note = NOTE.format(", ".join(new))
        if note in block:
            continue
        at = next((i for i, line in enumerate(block) if _THANKS_LINE.match(line)), None)
        if at is None:
            at = len(block)
            while at > 0 and not block[at - 1].strip():
                at -= 1
            lines[start + at : start + at] = ["", note]
        else:
            lines[start + at + 1 : start + at + 1] = [note]
    newline = "\r\n" if "\r\n" in merged else "\n"
    return newline.join(lines) + newline
