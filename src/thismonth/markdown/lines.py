"""What a line of an issue is, seen by the merge and the checks.

Identity of generated things is the link URL they carry, because that is the one part of
an item an editor never rewrites: titles get edited, items get commented out, moved or
grouped, but ``- [anything](https://github.com/o/r/pull/12)`` is still PR 12.

- an *item line* is a list item, commented out or not, whose first link is http(s);
  its identity is that URL, normalized;
- a *heading line* is a heading (commented out or not) holding a link; its identity is
  ``heading:`` + the URL, so a project heading never collides with a PR of the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from thismonth.forge import COMMIT_URL, PULL_COMMIT_URL, PULL_URL

_ITEM_START = re.compile(r"^\s*(?:<!--\s*)?[-*+]\s+(?:\[[ xX]\]\s+)?\[")
_HEADING_START = re.compile(r"^\s*(?:<!--\s*)?#{1,6}\s+")
_LINK_URL = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def normalize_url(url: str) -> str:
    """One spelling per target: PR and commit links by repo and number, others trimmed."""
    m = PULL_COMMIT_URL.match(url) or COMMIT_URL.match(url)
    if m:  # a commit, also when shown within its PR
        host, owner, name, sha = (g.lower() for g in m.groups())
        return f"{host}/{owner}/{name}/commit/{sha[:12]}"
    m = PULL_URL.match(url)
    if m:
        host, owner, name = (g.lower() for g in m.groups()[:3])
        return f"{host}/{owner}/{name}/pull/{int(m.group(4))}"
    url = re.sub(r"^https?://(www\.)?", "", url.strip())
    host, _, rest = url.partition("/")
    return (host.lower() + ("/" + rest if rest else "")).rstrip("/")


def link_urls(line: str) -> list[str]:
    """Every http(s) link target of ``line``: inline links and autolinks."""
    return [m.group(1) for m in _LINK_URL.finditer(line)] + [
        m.group(1) for m in _AUTOLINK.finditer(line)
    ]


def identity(line: str) -> str | None:
    """The identity of an item or heading line, or None for any other line."""
    if _ITEM_START.match(line):
        m = _LINK_URL.search(line)
        return normalize_url(m.group(1)) if m else None
    if _HEADING_START.match(line):
        m = _LINK_URL.search(line)
        return "heading:" + normalize_url(m.group(1)) if m else None
    return None


def is_heading(key: str | None) -> bool:
    return key is not None and key.startswith("heading:")


def occurrences(line: str) -> Iterator[str]:
    """The identities a line makes present: its own, plus every URL it links to.

    Prose that links a PR ("fixed in [a bug fix](.../pull/132)") covers that PR: the
    merge does not add it again as an item.
    """
    key = identity(line)
    if key is not None:
        yield key
    for url in link_urls(line):
        norm = normalize_url(url)
        if norm != key:
            yield norm


def present(lines: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for line in lines:
        out.update(occurrences(line))
    return out


def heading_level(line: str) -> int:
    m = re.match(r"^\s*(?:<!--\s*)?(#{1,6})\s", line)
    return len(m.group(1)) if m else 0
