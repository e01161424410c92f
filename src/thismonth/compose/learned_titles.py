"""How the editors touch up titles, learned from the archive.

Each PR line of the last ``WINDOW`` issues is paired with the title the draft's source
gives for that PR. A pair is evidence only when the published title is the source's up to
styling (backticks, the first letter's case, a trailing ``(#123)``): a rewritten title says
nothing about styling. From those pairs, recency-weighted like every learned habit:

* per kind of code-like word (``compose/title_style.py``: paths, calls, generics,
  attributes, macros, file names, snake_case, CamelCase): of the words of that kind in the
  source titles, the share the editors put in backticks;
* per project (maintainers differ): of the titles starting with a lowercase word, the
  share published with a capital;
* of the titles ending in an issue reference, the share published without it.

A habit is applied when it has support (``MIN_ITEMS`` words or titles in ``MIN_ISSUES``
issues) and the weighted share reaches ``MIN_SHARE``; what was seen with less is reported
("seen but not learned") with its evidence, so an editor sees why titles stay as GitHub
has them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from thismonth.archive.records import ArchivedIssue
from thismonth.compose.learned_rules import (
    MIN_ISSUES,
    MIN_ITEMS,
    MIN_SHARE,
    LearnedValue,
    weighted_share,
)
from thismonth.compose.title_style import (
    KIND_LABELS,
    TRAILING_REF,
    code_spans,
    first_letter,
    plain,
    tokens,
)
from thismonth.models import RepoActivity
from thismonth.months import Month

Observations = list[tuple[int, Month, bool]]  # (age, issue, yes)


@dataclass
class TitleHabits:
    """The habits learned (as ``[policy] title_style`` names) and what explains them."""

    habits: set[str] = field(default_factory=set)  # "path", "capitalize:owner/repo", "drop-refs"
    values: list[LearnedValue] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # the habit of each value, in order


def same_but_styling(source: str, published: str) -> bool:
    """Whether ``published`` is ``source`` up to backticks, the first letter's case and a
    trailing issue reference: only then do the two say how the editors style titles."""
    a = plain(TRAILING_REF.sub("", source)).strip()
    b = plain(TRAILING_REF.sub("", published)).strip()
    return bool(a) and a[:1].lower() + a[1:] == b[:1].lower() + b[1:]


def observe(
    window: list[ArchivedIssue],
    activities: Callable[[Month], dict[str, RepoActivity]] | dict[Month, dict[str, RepoActivity]],
    projects: set[str],
) -> tuple[dict[str, Observations], dict[str, Observations], Observations]:
    """Per token kind, per project (capitals) and for trailing references: what the
    editors did, over the pairs of source and published title that differ only in styling."""
    wraps: dict[str, Observations] = defaultdict(list)
    caps: dict[str, Observations] = defaultdict(list)
    refs: Observations = []
    for age, issue in enumerate(reversed(window)):
        acts = activities(issue.month) if callable(activities) else activities.get(issue.month, {})
        for section in issue.projects:
            repo = str(section.repo)
            act = acts.get(repo)
            if repo not in projects or act is None:
                continue
            by_number = {p.number: p for p in act.pulls}
            for item in section.items:
                pull = by_number.get(item.number) if item.kind == "pull" else None
                if pull is None or item.repo != repo:
                    continue
                source, published = pull.title, item.title
                if not same_but_styling(source, published):
                    continue
                if TRAILING_REF.search(source):
                    refs.append((age, issue.month, not TRAILING_REF.search(published)))
                    source = TRAILING_REF.sub("", source)
                spans = code_spans(published)
                for tok in tokens(source):
                    wrapped = any(tok.text in span for span in spans)
                    wraps[tok.kind].append((age, issue.month, wrapped))
                if first_letter(source) == 0:
                    caps[repo].append((age, issue.month, published[:1].isupper()))
    return wraps, caps, refs


def learn_titles(
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    projects: set[str],
) -> TitleHabits:
    """The title habits of the last issues that have support, with their evidence."""
    out = TitleHabits()
    wraps, caps, refs = observe(window, activities, projects)
    n = len(window)
    for kind, label in KIND_LABELS.items():
        _judge(out, kind, None, f"wrap {label} in backticks", "were wrapped", wraps.get(kind), n)
    for repo in sorted(caps):
        _judge(
            out,
            f"capitalize:{repo}",
            repo,
            "capitalise the first letter of titles",
            "starting lowercase were published with a capital",
            caps[repo],
            n,
        )
    _judge(
        out,
        "drop-refs",
        None,
        "drop a trailing issue reference like `(#123)`",
        "ending in one were published without it",
        refs,
        n,
    )
    # One line of config that keeps every learned habit but this one.
    for habit, value in zip(out.order, out.values, strict=True):
        others = sorted(out.habits - {habit})
        listed = ", ".join(f'"{h}"' for h in others)
        value.override = (
            f"title_style = [{listed}]  # under [policy]: every learned title habit but this one"
            if others
            else 'title_style = "off"  # under [policy]'
        )
    return out


def _judge(
    out: TitleHabits,
    habit: str,
    repo: str | None,
    what: str,
    past: str,
    seen: Observations | None,
    window: int,
) -> None:
    if not seen:
        return
    share = weighted_share((age, yes) for age, _, yes in seen)
    hits = sum(1 for _, _, yes in seen if yes)
    issues = len({m for _, m, _ in seen})
    where = f" of {repo}" if repo else ""
    evidence = (
        f"{hits} of the {len(seen)} in the last {window} issues {past}"
        f" (weighted {share:.0%}, in {issues} issues)"
    )
    if len(seen) >= MIN_ITEMS and issues >= MIN_ISSUES and share >= MIN_SHARE:
        out.habits.add(habit)
        out.order.append(habit)
        out.values.append(
            LearnedValue(
                "title",
                repo,
                what,
                evidence,
                'title_style = "off"  # under [policy]',
            )
        )
    elif len(seen) >= 2 and hits:
        out.below.append(f"title habit not learned: {what}{where}: {evidence}")
