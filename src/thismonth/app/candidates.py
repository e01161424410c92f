"""Candidates for the hand-written sections: read every source, then select per section.

Used by ``thismonth candidates`` (which prints them), ``thismonth draft`` (which writes
them into the issue, commented out) and ``thismonth watch`` (which only reads the feeds
so the store remembers their entries). Nothing here prints or exits: problems come back
as warnings, one line each naming the source; a section whose every source failed is an
error only when the section says ``strict = true``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from thismonth.app.extras import with_extras
from thismonth.app.pipeline import Draft
from thismonth.app.rewrite import suggest
from thismonth.compose import build_issue
from thismonth.compose.candidates import (
    Candidate,
    Pick,
    Scorer,
    SectionCandidates,
    WatchedSection,
    linked,
    score_by_ranking,
    section_picks,
    select,
)
from thismonth.config import (
    CandidateSection,
    Config,
    FeedConfig,
    Maintainer,
    ProjectConfig,
    output_path,
)
from thismonth.errors import SourceError, ThisMonthError
from thismonth.forge import repo_url
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.render.candidates import add_candidates
from thismonth.sources import Source
from thismonth.sources.digest import DigestEntry, extract_all
from thismonth.sources.feeds import FeedEntry, FeedReader, Reading, gaps
from thismonth.sources.feeds import month_entries as feed_month_entries
from thismonth.sources.github import GitHubSource, run_searches
from thismonth.store import DamagedFeedMemory, Store
from thismonth.writing import read_text

ARCHIVE_MONTHS = 36  # how far back earlier issues count for de-duplication and habits

# (feed, its entries of the month, the pattern) -> candidates and warnings
DigestExpander = Callable[
    [FeedConfig, list[FeedEntry], re.Pattern[str]], tuple[list[Candidate], list[str]]
]


@dataclass
class CandidatesResult:
    month: Month
    sections: list[SectionCandidates]
    warnings: list[str] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    feed_requests: int = 0
    conditional_requests: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "month": str(self.month),
            "sections": [s.to_json() for s in self.sections],
            "warnings": self.warnings,
        }


def gather(
    config: Config,
    month: Month,
    *,
    source: Source | None,
    store: Store,
    reader: FeedReader | None = None,
    scorer: Scorer | None = None,
    expand_digest: DigestExpander | None = None,
    over_cap: bool = True,
) -> CandidatesResult:
    """Every configured section with its candidates for ``month``. ``over_cap=False``:
    of the candidates below a section's cap only their number is needed (a draft)."""
    tz = config.tz()
    reader = reader or FeedReader(store)
    sections = list(config.sections)
    readings = reader.read([f for s in sections for f in s.feeds])
    by_url = {r.feed.url: r for r in readings}
    warnings: list[str] = [r.warning for r in readings if r.warning]
    archive, unreadable = earlier_issues(config, month)
    warnings += unreadable
    earlier: frozenset[str] | None = None  # the earlier issues' links, once a section needs them
    out: list[SectionCandidates] = []
    archive_hash = hashlib.sha256("\0".join(t for _m, t in archive).encode()).hexdigest()
    for section in sections:
        hits: list[Candidate] = []
        failed = 0
        notes: list[str] = []
        for feed in section.feeds:
            reading = by_url.get(feed.url)
            if reading is not None and not reading.ok:
                failed += 1
                notes.append(reading.warning or f"feed {feed.label} failed")
            gap = gaps(store, feed, month, tz) if reading is None or reading.ok else None
            if gap:
                notes.append(gap)
                if gap not in warnings:
                    warnings.append(gap)
        if section.searches:
            hits, problems = _searches(source, section, month)
            failed += len(problems)
            warnings.extend(p for p in problems if p not in warnings)
        watched: list[WatchedSection] = []
        if section.watch:
            watched, problems = watched_sections(config, source, section.watch, month)
            failed += len(problems)
            warnings.extend(p for p in problems if p not in warnings)
        # The selection is a pure function of these inputs: when none changed (every
        # feed answered 304, searches came from the cache), the last one is reused.
        inputs = _fingerprint(store, section, month, tz, hits, archive_hash, scorer, expand_digest)
        slot = f"candidates:{month}:{section.id}"
        remembered = _remembered(store, section, slot, inputs, over_cap=over_cap)
        repaired: list[str] = []  # said once, not remembered with the selection
        if remembered is not None:
            chosen, said = remembered
        else:
            found: list[Candidate] = []
            said = []
            for feed in section.feeds:
                entries = _month_entries(store, reader, feed, month, tz, repaired)
                more, problems = _from_feed(feed, entries, expand_digest)
                found += more
                said += problems
            picks = [
                p for m, text in archive for p in section_picks(text, _heading(config, section), m)
            ]
            if earlier is None:
                earlier = linked(text for _m, text in archive)
            chosen = select(
                section,
                found + hits,
                earlier=earlier,
                picks=picks,
                scorer=scorer
                or _learned_scorer(store, reader, section, month, tz, expand_digest, repaired),
            )
            _remember(store, slot, inputs, chosen, said)
        notes += said + repaired
        warnings.extend(w for w in said + repaired if w not in warnings)
        chosen.watched = watched
        chosen.notes = notes
        chosen.sources = len(section.feeds) + len(section.searches) + len(section.watch)
        chosen.failed = failed
        if section.strict and chosen.sources and failed >= chosen.sources:
            raise SourceError(
                f"section {section.id!r}: every one of its {chosen.sources} sources failed "
                "(strict = true); see the warnings above"
            )
        out.append(chosen)
    shared = config.candidates
    if shared.rewrite_model:  # off by default: nothing is sent anywhere (app/rewrite.py)
        said = suggest(out, shared.rewrite_model, store, timeout=shared.rewrite_timeout)
        warnings.extend(w for w in said if w not in warnings)
    return CandidatesResult(
        month,
        out,
        warnings,
        readings,
        feed_requests=reader.requests,
        conditional_requests=reader.conditional,
    )


def _fingerprint(
    store: Store,
    section: CandidateSection,
    month: Month,
    tz: tzinfo,
    hits: list[Candidate],
    archive_hash: str,
    scorer: Scorer | None,
    expand: DigestExpander | None,
) -> str:
    start, end = month.window(tz)
    parts = [
        "candidates/2",
        repr(section),
        str(month),
        start.isoformat(),
        end.isoformat(),
        archive_hash,
        _name(scorer),
        _name(expand),
        *(f"{f.url}:{store.feed_version(f.url, start, end)}" for f in section.feeds),
        *(json.dumps(c.to_json(), sort_keys=True) for c in hits),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _name(fn: object) -> str:
    return (
        "" if fn is None else f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', fn)}"
    )


# A section's remembered selection is two rows of the store's memo: the kept candidates
# with the count of the others (all a draft reads), and the list of the others (which
# ``thismonth candidates`` lists: thousands, for 50 feeds). One slot per month and
# section, each row stamped with the hash of its inputs, so the store keeps the last
# selection only instead of one more per change.
_OVER_CAP = "/over-cap"


def _remember(
    store: Store, slot: str, inputs: str, chosen: SectionCandidates, said: list[str]
) -> None:
    # The long list first: a selection counts as remembered once its kept row is there.
    store.memo_put(slot + _OVER_CAP, inputs + "\n" + chosen.over_cap_json())
    store.memo_put(slot, json.dumps({"inputs": inputs, **chosen.selection_json(), "said": said}))


def _remembered(
    store: Store, section: CandidateSection, slot: str, inputs: str, *, over_cap: bool
) -> tuple[SectionCandidates, list[str]] | None:
    raw = store.memo_get(slot)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if data["inputs"] != inputs:
            return None
        more = None
        if over_cap:
            stamp, _, more = (store.memo_get(slot + _OVER_CAP) or "").partition("\n")
            if stamp != inputs:
                return None
        chosen = SectionCandidates.from_selection_json(section, data, more)
        if more is not None:
            chosen.over_cap_list()  # decoded now: damage means selecting again, not a traceback
        return chosen, [str(w) for w in data["said"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged memo only costs the time to select again


def with_candidates(
    config: Config,
    month: Month,
    markdown: str,
    *,
    source: Source | None,
    store: Store,
    reader: FeedReader | None = None,
) -> tuple[str, CandidatesResult]:
    """``markdown`` (a rendered issue) with its hand-written sections and candidates."""
    result = gather(config, month, source=source, store=store, reader=reader, over_cap=False)
    return add_candidates(markdown, result.sections, str(month), config), result


def with_hand_written(
    config: Config,
    month: Month,
    made: Draft,
    activities: dict[str, RepoActivity],
    source: Source | None,
) -> str:
    """The draft hook: the summary and welcome lines under the projects' intro, and every
    ``[[sections]]`` entry with its candidates; warnings go to ``made.warnings``."""
    markdown = made.markdown
    news = config.newsletter
    if news.summary_line or news.welcome_newcomers:
        markdown, warnings = with_extras(config, month, markdown, activities, source)
        made.warnings.extend(warnings)
    if config.sections:
        store = store_for(config, source)
        markdown, found = with_candidates(config, month, markdown, source=source, store=store)
        made.warnings.extend(w for w in found.warnings if w not in made.warnings)
    return markdown


def store_for(config: Config, source: Source | None) -> Store:
    """The source's own store when it has one (one connection), else the config's."""
    store = getattr(source, "store", None)
    return store if isinstance(store, Store) else Store.for_config(config)


def watch(config: Config, store: Store, reader: FeedReader | None = None) -> list[Reading]:
    """Read every configured feed once, so the store remembers what it holds now."""
    reader = reader or FeedReader(store)
    return reader.read([f for s in config.sections for f in s.feeds])


# ------------------------------------------------------------------- sources


def _from_feed(
    feed: FeedConfig, entries: list[FeedEntry], expand: DigestExpander | None
) -> tuple[list[Candidate], list[str]]:
    """A feed's month as candidates: its entries, or a digest's matching links."""
    if feed.digest is not None:
        return (expand or expand_digest)(feed, entries, feed.digest)
    return [
        Candidate(
            title=entry.title,
            url=entry.link,
            date=entry.date,
            source=f"feed {feed.label}",
            context=entry.summary,
            kind="entry",
            dated=entry.dated,
        )
        for entry in entries
    ], []


def expand_digest(
    feed: FeedConfig, entries: list[FeedEntry], pattern: re.Pattern[str]
) -> tuple[list[Candidate], list[str]]:
    """Digest entries (This Week in Rust...) as one candidate per matching link, through
    ``sources/digest.py`` (issue 12): the link's own text as title, the entry's date, an
    item two digests report once with the earlier date, and a warning for each entry
    without links and for a pattern that matches nothing."""
    result = extract_all(
        [DigestEntry(e.title, e.link, e.date, e.content) for e in entries], pattern
    )
    by_link = {e.link: e for e in entries}
    return [
        Candidate(
            title=link.title,
            url=link.url,
            date=link.published or entries[0].date,
            source=f"digest {feed.label}: {link.entry_title}",
            kind="link",
            dated=bool(by_link.get(link.entry_link) and by_link[link.entry_link].dated),
            labels=link.labels,
        )
        for link in result.links
    ], [f"feed {feed.label}: {w}" for w in result.warnings]


def _month_entries(
    store: Store,
    reader: FeedReader,
    feed: FeedConfig,
    month: Month,
    tz: tzinfo,
    said: list[str],
) -> list[FeedEntry]:
    """The feed's remembered entries of the month. A row of the store damaged outside
    thismonth is a warning, not a traceback: the damaged rows are dropped and the feed
    read again in full, so the entries it still holds come back."""
    try:
        return feed_month_entries(store, feed, month, tz)
    except DamagedFeedMemory:
        dropped = store.drop_damaged_feed_entries(feed.url)
    (reading,) = reader.read([feed], full=True)
    again = "read again in full" if reading.ok else f"reading it again failed ({reading.warning})"
    said.append(
        f"feed {feed.label}: {dropped} remembered "
        f"{'entry was' if dropped == 1 else 'entries were'} damaged in the cache and dropped; "
        f"{again}; any of them no longer in the feed is lost"
    )
    try:
        return feed_month_entries(store, feed, month, tz)
    except DamagedFeedMemory:  # damaged again at once: not worth a second try
        said.append(f"feed {feed.label}: its remembered entries cannot be read; none used")
        return []


def _searches(
    source: Source | None, section: CandidateSection, month: Month
) -> tuple[list[Candidate], list[str]]:
    if not isinstance(source, GitHubSource):
        return [], [
            f"section {section.id!r}: {len(section.searches)} saved "
            f"{'search needs' if len(section.searches) == 1 else 'searches need'} the GitHub "
            "source (set GITHUB_TOKEN or use --source github); not searched"
        ]
    hits, problems = run_searches(source, section.searches, month, source.config.tz())
    return [
        Candidate(
            title=h.title,
            url=h.url,
            date=h.date,
            source=f"search {h.search}",
            context=_first_sentence(h.body),
            kind=h.kind,
            labels=h.labels,
        )
        for h in hits
    ], problems


def _first_sentence(text: str) -> str:
    line = " ".join(text.split())
    m = re.match(r"(.{20,}?[.!?])(\s|$)", line)
    out = m.group(1) if m else line
    return out if len(out) <= 240 else out[:239].rsplit(" ", 1)[0] + "…"


def watched_sections(
    config: Config, source: Source | None, repos: list[str], month: Month
) -> tuple[list[WatchedSection], list[str]]:
    """Each watched repository's merged PRs and releases of the month, as a project
    section under the issue's own policy (what ``section new --collect`` writes)."""
    if source is None:
        return [], [f"watched repositories {', '.join(repos)}: no source to read them"]
    out: list[WatchedSection] = []
    warnings: list[str] = []
    for repo in repos:
        owner, short = repo.split("/", 1)
        project = config.project(repo) or ProjectConfig(
            repo=repo,
            name=short,
            clone=short,
            url=repo_url(config.newsletter.github_url, repo),
        )
        project = dataclasses.replace(project, maintainers=[Maintainer(owner)])
        one = dataclasses.replace(config, projects=[project], sections=[])
        try:
            collected = source.collect_month([project], month, config.tz())
        except ThisMonthError as exc:
            warnings.append(f"watched repository {repo}: {exc}")
            continue
        warnings.extend(f"watched repository {repo}: {w}" for w in collected.warnings)
        activity = collected.activities.get(repo)
        if activity is None:
            if not collected.warnings:
                warnings.append(f"watched repository {repo}: not found by the source")
            continue
        doc = build_issue(one, month, {repo: activity})
        section = doc.projects[0] if doc.projects else None
        releases = [r.tag for r in activity.releases if month.contains(r.date, config.tz())]
        if section is None or not (section.listed or releases):
            continue
        out.append(WatchedSection(repo, project.url, section, releases))
    return out, warnings


# -------------------------------------------------------------------- archive


def earlier_issues(config: Config, month: Month) -> tuple[list[tuple[str, str]], list[str]]:
    """(month, text) of the issues before ``month`` found at ``newsletter.output``, and a
    warning for each that exists but cannot be read: its links would otherwise come back
    as candidates without a word."""
    out: list[tuple[str, str]] = []
    warnings: list[str] = []
    m = month
    for _ in range(ARCHIVE_MONTHS):
        m = m.previous()
        try:
            out.append((str(m), read_text(output_path(config, m))))
        except FileNotFoundError:
            continue
        except (OSError, ThisMonthError) as exc:
            warnings.append(f"{exc}: its links are not excluded from the candidates")
    return out, warnings


def _learned_scorer(
    store: Store,
    reader: FeedReader,
    section: CandidateSection,
    month: Month,
    tz: tzinfo,
    expand: DigestExpander | None,
    said: list[str],
) -> Scorer | None:
    """For a section fed by digests (lists of links such as This Week in Rust), the ranking
    learned from its earlier months: each month's candidates come from the feed memory,
    its picks from the issue. Other sections keep the habit scorer (None)."""
    digests = [f for f in section.feeds if f.digest is not None]
    if not digests:
        return None
    pools: dict[str, list[Candidate]] = {}
    m = month
    for _ in range(ARCHIVE_MONTHS):
        m = m.previous()
        pool = [
            c
            for f in digests
            for c in _from_feed(f, _month_entries(store, reader, f, m, tz, said), expand)[0]
        ]
        if pool:
            pools[str(m)] = pool
    return score_by_ranking(str(month), pools)


def _heading(config: Config, section: CandidateSection) -> str:
    if section.id == "call-for-participation":
        return "Call for Participation"
    if section.id == "other-projects":
        return "Other Projects"
    return section.heading


__all__ = [
    "CandidatesResult",
    "Pick",
    "gather",
    "store_for",
    "watch",
    "watched_sections",
    "with_candidates",
    "with_hand_written",
]
