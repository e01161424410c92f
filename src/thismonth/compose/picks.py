"""The links an editor kept in one section of a published issue: the ranking's labels.

A minimal reader, on purpose: the ranking of candidates only needs, per earlier issue,
which links sat in one section (``## Infrastructure and Tooling``), with the text the
editor gave them. Links inside ``<!-- -->`` are the section's template or items the
editor saw and dropped, so they are not picks (``markdown/comments.py`` finds them, and
code fences, as the merge and the checks do). Identity is the merge's own URL
normalization (``draft/lines.py``), so a pick matches a candidate however either spells
the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thismonth.markdown.comments import scan
from thismonth.markdown.lines import normalize_url
from thismonth.markdown.text import heading_slug

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(https?://[^)\s>]+)>?[^)]*\)")


@dataclass(frozen=True)
class Pick:
    """One link the editor published in the section: its normalized identity and text."""

    key: str
    url: str
    text: str


def section_picks(body: str, section: str) -> list[Pick]:
    """Every link under the ``##`` heading whose slug is ``section``, in order, once each.

    The section runs until the next ``##`` (or higher) heading; its ``###`` headings and
    prose belong to it, because editors also write a paragraph around a PR.
    """
    kept: list[str] = []
    inside = False
    for line in scan(body.splitlines()).visible:
        m = _HEADING.match(line)
        if m and len(m.group(1)) <= 2:
            inside = heading_slug(m.group(2)) == section
            continue
        if inside:
            kept.append(line)
    picks: list[Pick] = []
    seen: set[str] = set()
    # One text, not line by line: editors wrap a link's target onto the next line.
    for link in _INLINE_LINK.finditer("\n".join(kept)):
        url = link.group(2)
        key = normalize_url(url)
        if key not in seen:
            seen.add(key)
            picks.append(Pick(key=key, url=url, text=_plain(link.group(1))))
    return picks


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()
