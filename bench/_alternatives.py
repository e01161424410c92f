"""Models tried against the chosen one (``bench/candidates.py --rank --compare``).

They live here, not in ``src/``, because they lost: kept so the comparison can be re-run.
Each returns a ``Ranker`` (a linear score over the same features), so all are explained
and ranked the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from thismonth.compose.rank import (
    MonthHistory,
    Ranker,
    _candidate_features,
    _month_index,
    _target_index,
    _tokens,
    features,
    train,
)


def keywords_only(history: Iterable[MonthHistory], month: str, keywords: Sequence[str]) -> Ranker:
    """No learning: the configured words, each worth the same."""
    return train([], month, keywords)


def logistic_no_recency(
    history: Iterable[MonthHistory], month: str, keywords: Sequence[str]
) -> Ranker:
    return train(history, month, keywords, half_life=0)


def logistic_no_keywords(
    history: Iterable[MonthHistory], month: str, keywords: Sequence[str]
) -> Ranker:
    return train(history, month, ())


def naive_bayes(
    history: Iterable[MonthHistory],
    month: str,
    keywords: Sequence[str],
    *,
    half_life: float = 12.0,
    alpha: float = 0.5,
    keyword_prior: float = 1.5,
) -> Ranker:
    """Bernoulli naive Bayes log-odds of present features, recency-weighted counts."""
    target = _target_index(month)
    pos: defaultdict[str, float] = defaultdict(float)
    neg: defaultdict[str, float] = defaultdict(float)
    npos = nneg = 0.0
    learned = []
    for past in history:
        index = _month_index(past.month)
        if index is None:
            continue
        age = target - index
        if age <= 0 or not past.picks:
            continue
        learned.append(past.month)
        decay = 0.5 ** ((age - 1) / half_life)
        keys = set()
        for item in past.pool:
            if item.key in keys:
                continue
            keys.add(item.key)
            picked = item.key in past.picks
            for f in _candidate_features(item, keywords):
                (pos if picked else neg)[f] += decay
            if picked:
                npos += decay
            else:
                nneg += decay
        for key, text in past.picks.items():
            if key not in keys and text:
                for f in features(text, keywords):
                    pos[f] += decay
                npos += decay
    weights = {}
    for f in set(pos) | set(neg):
        p = (pos[f] + alpha) / (npos + 2 * alpha)
        q = (neg[f] + alpha) / (nneg + 2 * alpha)
        weights[f] = math.log(p / q)
    for k in keywords:
        f = f"kw:{' '.join(_tokens(k))}"
        weights[f] = weights.get(f, 0.0) + keyword_prior
    return Ranker(month, tuple(keywords), weights, 0.0, tuple(learned))


ALTERNATIVES = {
    "keywords only": keywords_only,
    "naive Bayes": naive_bayes,
    "logistic, no recency": logistic_no_recency,
    "logistic, no keywords": logistic_no_keywords,
}
