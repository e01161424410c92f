"""Candidates for the sections editors write by hand: selected, de-duplicated, scored, capped.

The sources (feeds, saved searches, watched repositories) gather raw items; this module
decides what an editor sees under each ``[[sections]]`` heading, and says what it left
out (already linked by an earlier issue, over the cap) so nothing disappears silently.

Scoring is behind one small interface, :data:`Scorer`: a function of the candidates and
the section's earlier picks that returns them scored, each with the few features ("why")
that scored it. :func:`score_by_habit` is a simple, explainable scorer; the archive-trained
ranking of issue 12 (``compose/rank.py``) can replace it by passing another function.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from thismonth.compose.document import ProjectSection
from thismonth.config import SectionConfig
from thismonth.markdown.comments import scan
from thismonth.markdown.lines import link_urls, normalize_url


@dataclass
class Candidate:
    """One link an editor may pick for a section."""

    title: str
    url: str
    date: datetime
    source: str  # "feed NAME", "search QUERY"
    context: str = ""  # one line from the source, a suggestion to rewrite
    kind: str = "link"  # "entry", "pull", "issue", "link" (from a digest)
    labels: tuple[str, ...] = ()
    dated: bool = True  # False: the feed gave no date, ``date`` is when it was first seen
    score: float = 0.0
    why: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other sources that found it

    @property
    def key(self) -> str:
        return normalize_url(self.url)

    @property
    def site(self) -> str:
        return urlsplit(self.url).netloc.lower().removeprefix("www.")

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat(),
            "dated": self.dated,
            "source": self.source,
            "also": self.also,
            "kind": self.kind,
            "labels": list(self.labels),
            "context": self.context,
            "score": round(self.score, 3),
            "why": self.why,
        }


@dataclass(frozen=True)
class Pick:
    """A link an editor published in this section in an earlier issue."""

    title: str
    url: str
    month: str


@dataclass
class WatchedSection:
    """A watched repository's month, ready for its author to write up."""

    repo: str
    url: str
    project: ProjectSection
    releases: list[str]  # "v0.3.0" tags of the month


@dataclass
class SectionCandidates:
    section: SectionConfig
    candidates: list[Candidate]  # kept, best first
    over_cap: list[Candidate] = field(default_factory=list)
    already_linked: list[Candidate] = field(default_factory=list)
    watched: list[WatchedSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown beside the section, and on stderr
    sources: int = 0
    failed: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "section": self.section.id,
            "heading": self.section.heading,
            "cap": self.section.cap,
            "candidates": [c.to_json() for c in self.candidates],
            "over_cap": [c.to_json() for c in self.over_cap],
            "already_linked": [c.url for c in self.already_linked],
            "watched": [
                {
                    "repo": w.repo,
                    "url": w.url,
                    "pulls": [e.url for e in w.project.listed],
                    "releases": w.releases,
                }
                for w in self.watched
            ],
            "notes": self.notes,
            "sources": self.sources,
            "failed": self.failed,
        }


Scorer = Callable[[list[Candidate], list[Pick], SectionConfig], list[Candidate]]


def select(
    section: SectionConfig,
    found: Iterable[Candidate],
    *,
    earlier: frozenset[str],
    picks: list[Pick],
    scorer: Scorer | None = None,
) -> SectionCandidates:
    """The section's candidates: one per link, none an earlier issue linked, best first,
    at most ``section.cap``; the rest kept apart so the draft can say how many."""
    merged: dict[str, Candidate] = {}
    for cand in found:
        have = merged.get(cand.key)
        if have is None:
            merged[cand.key] = cand
            continue
        if cand.source != have.source and cand.source not in have.also:
            have.also.append(cand.source)
        if not have.context and cand.context:
            have.context = cand.context
        have.labels = tuple(dict.fromkeys(have.labels + cand.labels))
    fresh = [c for c in merged.values() if c.key not in earlier]
    linked = [c for c in merged.values() if c.key in earlier]
    scored = (scorer or score_by_habit)(fresh, picks, section)
    scored.sort(key=lambda c: (-c.score, -c.date.timestamp(), c.title.lower()))
    return SectionCandidates(
        section,
        candidates=scored[: section.cap],
        over_cap=scored[section.cap :],
        already_linked=linked,
    )


# --------------------------------------------------------------------- scoring

_WORD = re.compile(r"[a-z0-9_!+#.-]*[a-z0-9_!+#]", re.I)
_STOP = frozenset(
    re.split(
        r"\s+",
        "a an and the of for to in on with by from at is are be this that it its as into our "
        "new now via vs using use how why what we you your release released part",
    )
)


def words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP]


def score_by_habit(
    candidates: list[Candidate], picks: list[Pick], section: SectionConfig
) -> list[Candidate]:
    """Score by what the editors of this section picked before, and the configured words.

    Evidence, each shown in ``why``:
    - *site*: the editors linked this site before in the section (log-scaled count);
    - *words*: title words that earlier picks' titles share (idf-like: rarer words weigh
      more, the three strongest shown);
    - *configured words* (``words`` in the section) in the title or context;
    - *several sources* found the same link;
    - *context*: the source gave a line of context.
    With no earlier picks the score is the configured words alone, and ``why`` says so.
    """
    sites = Counter(urlsplit(p.url).netloc.lower().removeprefix("www.") for p in picks)
    picked_words = Counter(w for p in picks for w in set(words(p.title)))
    n = max(1, len(picks))
    wanted = [w.lower() for w in section.words]
    for c in candidates:
        score = 0.0
        why: list[str] = []
        if sites.get(c.site):
            score += 1.0 + math.log2(sites[c.site])
            why.append(f"site {c.site} picked {sites[c.site]}× before")
        shared = sorted(
            {w for w in words(c.title) if picked_words.get(w)},
            key=lambda w: picked_words[w],
        )
        if shared:
            weights = {w: math.log(1 + n / picked_words[w]) / 3 for w in shared}
            score += min(3.0, sum(weights.values()))
            top = sorted(shared, key=lambda w: -weights[w])[:3]
            why.append("words editors picked before: " + ", ".join(top))
        text = f"{c.title} {c.context}".lower()
        hits = [w for w in wanted if w in text]
        if hits:
            score += 1.5 * len(hits)
            why.append("configured words: " + ", ".join(hits))
        if c.also:
            score += 0.5 * len(c.also)
            why.append(f"found by {len(c.also) + 1} sources")
        if c.context:
            score += 0.1
        if not picks:
            why.append("no earlier picks in this section: configured words only")
        c.score = round(score, 3)
        c.why = why or ["no evidence: newest first"]
    return candidates


# ------------------------------------------------------------ earlier issues


def section_picks(text: str, heading: str, month: str) -> list[Pick]:
    """The links listed (not commented out) under ``## heading`` of one issue's text."""
    out: list[Pick] = []
    inside = False
    want = _fold(heading)
    for visible in scan(text.splitlines()).visible:
        if re.match(r"^#{1,2}\s", visible):
            inside = _fold(visible.lstrip("#")) == want
            continue
        m = re.match(r"^\s*[-*+]\s+\[(.+?)\]\((https?://[^)\s]+)\)", visible) if inside else None
        if m:
            out.append(Pick(m.group(1), m.group(2), month))
    return out


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def linked(texts: Iterable[str]) -> frozenset[str]:
    """Every link target of earlier issues, normalized: what is never a candidate again."""
    return frozenset(normalize_url(u) for text in texts for u in link_urls_all(text))


def link_urls_all(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        out.extend(link_urls(line))
    return out
