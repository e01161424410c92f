"""Rank a section's candidates the way its editors picked before, and say why.

For month M the evidence is the section's earlier issues: in each month before M that had
picks, the links the editor published are positives and the other candidates of that month
are negatives. A month whose section stayed empty teaches nothing (the editor skipped the
section, not every candidate), so it is left out. Only months strictly before M are read,
so the model of M never changes when later issues are added to the archive.

The model is a logistic regression over a few kinds of sparse, readable features:

- ``w:x``  a word of the title (identifiers kept whole *and* split: ``no_std`` gives
  ``w:no_std``, ``w:no``, ``w:std``; ``asm!`` gives ``w:asm``);
- ``b:x y`` two neighbouring words;
- ``kw:x`` a word or phrase the editor configured for the section (``no_std``, ``target``,
  ``uefi``, ...), matched in the title;
- ``label:x`` / ``path:x`` the PR's labels and changed top-level paths, where the source
  provides them (the GitHub source does; a digest feed does not).

Configured words start with a positive prior weight (the regression is pulled towards it
instead of towards zero), so they rank on their own when there is no history yet and the
data then confirms or outweighs them. Older months weigh less (a half-life in months),
because what a section's editors look for drifts. Each example is weighted so that both
classes weigh the same in a month, and the fit is 100 passes of full-batch
gradient descent in pure Python (no numpy dependency for a few thousand sparse rows):
about a second for two years of history.

Chosen on the data (``bench/candidates.py --rank``, tuned on 2022-12..2023-06 only):
see docs/ranking.md for the figures of the word-count baseline, naive Bayes and this model.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from thismonth.compose.picks import section_picks
from thismonth.errors import UsageError

__all__ = [
    "Candidate",
    "Feature",
    "MonthHistory",
    "Ranker",
    "Ranking",
    "Scored",
    "features",
    "history",
    "train",
    "word_count_baseline",
]

# Words too common in PR titles to carry a signal on their own (they still form bigrams).
_STOP = frozenset(
    {"a", "an", "and", "the", "of", "to", "in", "for", "on", "with", "from", "by", "at"}
    | {"as", "is", "be", "it", "its", "into", "not", "no", "or"}
)
_WORD = re.compile(r"[a-z0-9_]+(?:::[a-z0-9_]+)*")
_PARTS = re.compile(r"_+|::")


class Candidate(Protocol):
    """What the ranking reads from a candidate: a digest link, a PR, a feed entry."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class MonthHistory:
    """One earlier month of the section: what the editor published and what was on offer.

    ``month`` is ``YYYY-MM`` (sortable as text). ``picks`` maps each published link's key to
    the editor's text for it; ``pool`` is that month's candidates.
    """

    month: str
    picks: Mapping[str, str]
    pool: Sequence[Candidate]


@dataclass(frozen=True)
class Feature:
    """One reason for a score: a feature of the candidate and what it added."""

    name: str
    weight: float

    def __str__(self) -> str:
        return f"{self.name} {self.weight:+.2f}"

    def describe(self) -> str:
        """For people: ``configured word "uefi" +1.50``, ``words "tier 2" +0.30``."""
        kind, _, value = self.name.partition(":")
        if kind == "linked":
            return f"already linked in {value}"
        what = {
            "w": "word",
            "b": "words",
            "kw": "configured word",
            "label": "label",
            "path": "path",
        }.get(kind, kind)
        return f'{what} "{value}" {self.weight:+.2f}'


@dataclass(frozen=True)
class Scored:
    item: Candidate
    score: float
    reasons: tuple[Feature, ...]  # the few features that ranked it, strongest first


@dataclass
class Ranking:
    scored: list[Scored] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def top(self, n: int) -> list[Scored]:
        return self.scored[:n]


def history(
    issues: Mapping[str, str], section: str, pools: Mapping[str, Sequence[Candidate]]
) -> list[MonthHistory]:
    """The section's history from published issues (month -> Markdown body) and pools.

    ``pools`` holds each earlier month's candidates where they are known (cached from the
    run that drafted it, or the digest feed's entries of that month); a month without a
    pool still teaches the words of its picks.
    """
    return [
        MonthHistory(m, {p.key: p.text for p in section_picks(body, section)}, pools.get(m, ()))
        for m, body in sorted(issues.items())
    ]


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("`", " ").replace("-", "_")
    return _WORD.findall(text)


@lru_cache(maxsize=256)
def _keyword_tokens(keyword: str) -> tuple[str, ...]:
    return tuple(_tokens(keyword))


def features(
    title: str,
    keywords: Sequence[str] = (),
    labels: Iterable[str] = (),
    paths: Iterable[str] = (),
) -> set[str]:
    """The sparse feature set of one candidate (see the module docstring for the kinds)."""
    words = _tokens(title)
    parts = {w: [p for p in _PARTS.split(w) if p] for w in set(words)}
    every_part = {p for ps in parts.values() for p in ps}
    out: set[str] = set()
    for word, split in parts.items():
        for w in {word, *split}:
            if w not in _STOP and not w.isdigit():
                out.add(f"w:{w}")
    for first, second in pairwise(words):
        out.add(f"b:{first} {second}")
    folded = " " + " ".join(words) + " "
    for kw in keywords:
        kwords = _keyword_tokens(kw)
        if not kwords:
            continue
        if " " + " ".join(kwords) + " " in folded:
            out.add(f"kw:{' '.join(kwords)}")
        elif len(kwords) == 1 and (
            kwords[0] in every_part or any(w.startswith(kwords[0]) for w in words)
        ):
            # a prefix: "targets", "linker", "riscv64gc", "core::ffi" (and, rarely, "ability")
            out.add(f"kw:{kwords[0]}")
    out.update(f"label:{x.lower()}" for x in labels)
    out.update(f"path:{x.strip('/').split('/')[0].lower()}" for x in paths if x.strip("/"))
    return out


def _candidate_features(item: Candidate, keywords: Sequence[str]) -> set[str]:
    return features(
        item.title,
        keywords,
        getattr(item, "labels", ()) or (),
        getattr(item, "paths", ()) or (),
    )


def _month_index(month: str) -> int | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def _target_index(month: str) -> int:
    index = _month_index(month)
    if index is None:
        raise UsageError(f"month {month!r}: expected YYYY-MM, e.g. 2024-06")
    return index


def _still_open(item: Candidate, target: int) -> bool:
    """Whether an unpicked candidate of an earlier month dates from the target month.

    Editors draft month M-1 in the first days of M, so its pool holds items reported in
    M; those not picked for M-1 may still be picked for M and are no evidence against.
    """
    when = getattr(item, "published", None)
    return isinstance(when, date) and when.year * 12 + when.month - 1 >= target


@dataclass
class Ranker:
    """A trained model for one month: weights per feature and a bias, readable as is.

    ``linked_before`` maps what earlier issues of the section already linked to the month
    that linked it: such a candidate keeps its score and says so as its first reason. It
    is not demoted: editors do link a PR again (a follow-up, a second part), and ranking
    those last lowered recall@20 on the benchmark's held-out months from 51% to 49%.
    """

    month: str
    keywords: tuple[str, ...]
    weights: dict[str, float]
    bias: float
    months_learned: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)
    linked_before: dict[str, str] = field(default_factory=dict)

    def explain(self, item: Candidate, top: int = 3) -> tuple[float, tuple[Feature, ...]]:
        feats = _candidate_features(item, self.keywords)
        contributions = [Feature(f, self.weights[f]) for f in feats if self.weights.get(f)]
        score = self.bias + sum(c.weight for c in contributions)
        contributions.sort(key=lambda c: (-abs(c.weight), c.name))
        return score, tuple(contributions[:top])

    def rank(self, pool: Iterable[Candidate], reasons: int = 3) -> Ranking:
        """Every candidate of ``pool`` with its score, best first (ties keep pool order)."""
        ranking = Ranking(warnings=list(self.warnings))
        seen: set[str] = set()
        dupes = 0
        repeats = 0
        for item in pool:
            if item.key in seen:
                dupes += 1
                continue
            seen.add(item.key)
            score, why = self.explain(item, reasons)
            if item.key in self.linked_before:
                repeats += 1
                why = (Feature(f"linked:{self.linked_before[item.key]}", 0.0), *why)[:reasons]
            ranking.scored.append(Scored(item=item, score=score, reasons=why))
        if dupes:
            ranking.warnings.append(f"{dupes} duplicate candidate(s) ranked once")
        if repeats:
            ranking.warnings.append(
                f"{repeats} candidate(s) already linked by an earlier issue (marked, not dropped)"
            )
        ranking.scored.sort(key=lambda s: -s.score)
        return ranking


def train(
    history: Iterable[MonthHistory],
    month: str,
    keywords: Sequence[str] = (),
    *,
    half_life: float = 12.0,
    l2: float = 1.0,
    keyword_prior: float = 1.5,
    epochs: int = 100,
    rate: float = 1.0,
) -> Ranker:
    """The model for ``month``, learned from the months of ``history`` strictly before it.

    With no earlier picks the ranking is by the configured words alone, and a warning says
    so; with neither, every candidate scores the same (and a warning says that too).
    """
    target = _target_index(month)
    keywords = tuple(keywords)
    prior = {f"kw:{' '.join(_tokens(k))}": keyword_prior for k in keywords if _tokens(k)}
    examples: list[tuple[set[str], float, float]] = []  # features, label, weight
    learned: list[str] = []
    warnings: list[str] = []
    linked: dict[str, str] = {}
    for past in sorted(history, key=lambda h: h.month):
        index = _month_index(past.month)
        if index is None:
            warnings.append(f"history month {past.month!r} is not YYYY-MM: not learned from")
            continue
        age = target - index
        if age <= 0 or not past.picks:
            continue
        learned.append(past.month)
        for key in past.picks:
            linked.setdefault(key, past.month)
        decay = 0.5 ** ((age - 1) / half_life) if half_life > 0 else 1.0
        pool_keys = set()
        negatives: list[set[str]] = []
        positives: list[set[str]] = []
        for item in past.pool:
            if item.key in pool_keys:
                continue
            pool_keys.add(item.key)
            if item.key in past.picks:
                positives.append(_candidate_features(item, keywords))
            elif not _still_open(item, target):
                negatives.append(_candidate_features(item, keywords))
        for key, text in past.picks.items():
            if key not in pool_keys and text:  # picked from elsewhere: the editor's words
                positives.append(features(text, keywords))
        # A month with picks but no pool (nothing cached) still teaches the picks' words.
        total = len(positives) + len(negatives)
        for feats in positives:
            examples.append((feats, 1.0, decay * total / (2 * len(positives))))
        for feats in negatives:
            examples.append((feats, 0.0, decay * total / (2 * len(negatives))))
    if not learned:
        if prior:
            warnings.append(
                f"no earlier picks for this section before {month}: "
                "ranked by the configured words only"
            )
        else:
            warnings.append(
                f"no earlier picks for this section before {month} and no configured words: "
                "candidates are left in source order"
            )
        return Ranker(month, keywords, dict(prior), 0.0, (), warnings)
    weights, bias = _fit(examples, prior, l2=l2, epochs=epochs, rate=rate)
    return Ranker(month, keywords, weights, bias, tuple(learned), warnings, linked)


def _fit(
    examples: list[tuple[set[str], float, float]],
    prior: Mapping[str, float],
    *,
    l2: float,
    epochs: int,
    rate: float,
) -> tuple[dict[str, float], float]:
    """Weighted logistic regression, L2-pulled towards ``prior``; full-batch gradient descent.

    Two savings that do not change what the model can say: a feature seen once, in a
    negative only, is dropped (it cannot lift anything and barely lowers the one title
    that had it), and identical rows are merged with their weights summed.

    The descent stops after ``epochs`` passes, short of full convergence: with so few
    positives a fully converged fit gives rare words of single picks large weights; the
    early stop is extra shrinkage towards the prior (measured in docs/ranking.md: the same
    recall@10, within one pick at @20).
    """
    seen: Counter[str] = Counter()
    in_positive: set[str] = set()
    for feats, label, _ in examples:
        seen.update(feats)
        if label:
            in_positive.update(feats)
    keep = {f for f, n in seen.items() if n > 1 or f in in_positive} | set(prior)
    merged: dict[tuple[frozenset[str], float], float] = defaultdict(float)
    for feats, label, weight in examples:
        merged[(frozenset(feats & keep), label)] += weight
    index: dict[str, int] = {f: i for i, f in enumerate(sorted(keep))}
    rows = [([index[f] for f in feats], label, weight) for (feats, label), weight in merged.items()]
    names = list(index)
    mean = [prior.get(n, 0.0) for n in names]
    w = list(mean)
    bias = 0.0
    total = sum(weight for _, _, weight in rows) or 1.0
    step, shrink = rate / total, rate * l2 / total
    exp = math.exp
    for _ in range(epochs):
        grad = [0.0] * len(w)
        gbias = 0.0
        for idx, label, weight in rows:
            z = bias
            for i in idx:
                z += w[i]
            g = ((1.0 / (1.0 + exp(-z)) if z > -30 else 0.0) - label) * weight
            gbias += g
            for i in idx:
                grad[i] += g
        w = [x - step * gr - shrink * (x - m) for x, gr, m in zip(w, grad, mean, strict=True)]
        bias -= step * gbias
    return {n: x for n, x in zip(names, w, strict=True) if abs(x) > 1e-6}, bias


def word_count_baseline(history: Iterable[MonthHistory], month: str) -> Ranker:
    """The baseline to beat: a title scores the count of its words in earlier picks' titles.

    No negatives, no recency, no configured words: what a first script would do.
    """
    target = _target_index(month)
    counts: Counter[str] = Counter()
    learned: list[str] = []
    for past in history:
        index = _month_index(past.month)
        if index is None or index >= target or not past.picks:
            continue
        learned.append(past.month)
        titles = {item.key: item.title for item in past.pool}
        for key, text in past.picks.items():
            for f in features(titles.get(key, text)):
                if f.startswith("w:"):
                    counts[f] += 1
    weights: defaultdict[str, float] = defaultdict(float, {k: float(v) for k, v in counts.items()})
    return Ranker(month, (), dict(weights), 0.0, tuple(sorted(learned)))
