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

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from thismonth.compose import picks, rank
from thismonth.compose.document import ProjectSection
from thismonth.config import CandidateSection
from thismonth.markdown.lines import link_urls, normalize_url
from thismonth.markdown.text import heading_slug


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
    # A sentence a language model wrote from title and context (``app/rewrite.py``),
    # and the model's name: shown beside the context line, marked for review.
    suggestion: str = ""
    suggested_by: str = ""

    @functools.cached_property
    def key(self) -> str:
        return normalize_url(self.url)

    @functools.cached_property
    def site(self) -> str:
        return _site(self.url)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Candidate:
        return cls(
            title=data["title"],
            url=data["url"],
            date=datetime.fromisoformat(data["date"]),
            source=data["source"],
            context=data.get("context", ""),
            kind=data.get("kind", "link"),
            labels=tuple(data.get("labels", ())),
            dated=bool(data.get("dated", True)),
            score=float(data.get("score", 0.0)),
            why=list(data.get("why", [])),
            also=list(data.get("also", [])),
            suggestion=data.get("suggestion", ""),
            suggested_by=data.get("suggested_by", ""),
        )

    def to_json(self) -> dict[str, object]:
        suggested = (
            {"suggestion": self.suggestion, "suggested_by": self.suggested_by}
            if self.suggestion
            else {}
        )
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
            **suggested,
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
    section: CandidateSection
    candidates: list[Candidate]  # kept, best first
    over_cap: list[Candidate] = field(default_factory=list)
    already_linked: list[Candidate] = field(default_factory=list)
    watched: list[WatchedSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown beside the section, and on stderr
    sources: int = 0
    failed: int = 0
    # A remembered selection keeps the (long) over-cap list encoded until someone asks;
    # a draft, which shows only how many there are, does not load it at all (``None``
    # with a count: the list was not loaded).
    _over_cap_json: str | None = field(default=None, repr=False)
    _over_cap_count: int | None = field(default=None, repr=False)

    @property
    def over_cap_count(self) -> int:
        return len(self.over_cap) if self._over_cap_count is None else self._over_cap_count

    def over_cap_list(self) -> list[Candidate]:
        if self._over_cap_json is not None:
            self.over_cap = [Candidate.from_json(c) for c in json.loads(self._over_cap_json)]
            self._over_cap_json = self._over_cap_count = None
        elif self._over_cap_count is not None:
            raise RuntimeError("the over-cap list of this selection was not loaded")
        return self.over_cap

    def selection_json(self) -> dict[str, Any]:
        """What :func:`select` decided, to be remembered (see ``app/candidates.py``),
        without the over-cap list: :meth:`over_cap_json` is remembered apart, so that a
        re-draft reads the few kept candidates and not the thousands left out."""
        return {
            "candidates": [c.to_json() for c in self.candidates],
            "over_cap_count": self.over_cap_count,
            "already_linked": [c.to_json() for c in self.already_linked],
        }

    def over_cap_json(self) -> str:
        return json.dumps([c.to_json() for c in self.over_cap_list()])

    @classmethod
    def from_selection_json(
        cls, section: CandidateSection, data: dict[str, Any], over_cap: str | None = None
    ) -> SectionCandidates:
        """The remembered selection; ``over_cap`` (:meth:`over_cap_json`) None: only the
        count of the over-cap list is known."""
        return cls(
            section,
            candidates=[Candidate.from_json(c) for c in data["candidates"]],
            already_linked=[Candidate.from_json(c) for c in data["already_linked"]],
            _over_cap_json=over_cap,
            _over_cap_count=int(data["over_cap_count"]),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "section": self.section.id,
            "heading": self.section.heading,
            "cap": self.section.cap,
            "candidates": [c.to_json() for c in self.candidates],
            "over_cap": [c.to_json() for c in self.over_cap_list()],
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


Scorer = Callable[[list[Candidate], list[Pick], CandidateSection], list[Candidate]]


def select(
    section: CandidateSection,
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
        key = cand.key
        have = merged.get(key)
        if have is None:
            merged[key] = cand
            continue
        if cand.source != have.source and cand.source not in have.also:
            have.also.append(cand.source)
        if not have.context and cand.context:
            have.context = cand.context
        have.labels = tuple(dict.fromkeys(have.labels + cand.labels))
    fresh = [c for k, c in merged.items() if k not in earlier]
    linked = [c for k, c in merged.items() if k in earlier]
    scored = (scorer or score_by_habit)(fresh, picks, section)
    scored.sort(key=lambda c: (-c.score, -c.date.timestamp(), c.title.lower()))
    return SectionCandidates(
        section,
        candidates=scored[: section.cap],
        over_cap=scored[section.cap :],
        already_linked=linked,
    )


# --------------------------------------------------------------------- scoring

_WORD = re.compile(r"[a-z0-9_!+#.-]*[a-z0-9_!+#]")
_STOP = frozenset(
    re.split(
        r"\s+",
        "a an and the of for to in on with by from at is are be this that it its as into our "
        "new now via vs using use how why what we you your release released part",
    )
)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _site(url: str) -> str:
    host = url.split("//", 1)[-1].split("/", 1)[0].split("?", 1)[0].lower()
    return host.rsplit("@", 1)[-1].removeprefix("www.")


def score_by_habit(
    candidates: list[Candidate], picks: list[Pick], section: CandidateSection
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
    sites = Counter(_site(p.url) for p in picks)
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


def score_by_ranking(month: str, pools: Mapping[str, Sequence[Candidate]]) -> Scorer:
    """A scorer that learns from the section's earlier months (``compose/rank.py``).

    For each earlier month the editors' picks are the positives and that month's other
    candidates (``pools``, from the feed memory) the negatives; the configured words add
    evidence and recency weighs. Measured on This Week in Rust against the editors' picks
    for "Infrastructure and Tooling" (``bench/candidates.py --rank``), it puts about half
    of the picks in its top 20. Each candidate's ``why`` is the few features that ranked
    it; what the model could not learn from (no earlier picks) is said there too.
    """

    def scorer(
        candidates: list[Candidate], picks: list[Pick], section: CandidateSection
    ) -> list[Candidate]:
        by_month: dict[str, dict[str, str]] = {}
        for p in picks:
            by_month.setdefault(p.month, {})[normalize_url(p.url)] = p.title
        history = [
            rank.MonthHistory(m, by_month.get(m, {}), pools.get(m, ()))
            for m in sorted(set(by_month) | set(pools))
            if m < month
        ]
        ranker = rank.train(history, month, section.words)
        ranking = ranker.rank(candidates)
        said = list(ranking.warnings)
        for scored in ranking.scored:
            item = cast(Candidate, scored.item)
            item.score = round(scored.score, 3)
            item.why = [f.describe() for f in scored.reasons] or ["no evidence: newest first"]
            item.why += said
        return candidates

    scorer.__qualname__ = "score_by_ranking"
    return scorer


# ------------------------------------------------------------ earlier issues


def section_picks(text: str, heading: str, month: str) -> list[Pick]:
    """The links the editors kept (not commented out) under ``## heading`` of one issue:
    the same reader the learned ranking uses (``compose/picks.py``)."""
    return [Pick(p.text, p.url, month) for p in picks.section_picks(text, heading_slug(heading))]


def linked(texts: Iterable[str]) -> frozenset[str]:
    """Every link target of earlier issues, normalized: what is never a candidate again."""
    return frozenset(normalize_url(u) for text in texts for u in link_urls_all(text))


def link_urls_all(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        out.extend(link_urls(line))
    return out
