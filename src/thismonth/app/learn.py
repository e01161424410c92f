"""The habits a draft of month M learns from the archive, and why each decision was made.

``learning_for`` finds the archive (``--archive``, ``newsletter.archive``, or the folder of
``newsletter.output``), reads the issues before M, collects those months' activity from
the draft's own source (the labelled "left out" PRs and the authors behind thanks lines),
and returns the config with the learned habits filled in. ``explain`` pairs each learned
rule with the entries it decided.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from thismonth.app.pipeline import collect, compose_and_render
from thismonth.archive import read_archive
from thismonth.compose.document import Entry, IssueDoc
from thismonth.compose.learned import LOGIN_WINDOW, Learned, LearnedRule, apply, learn
from thismonth.compose.policy import Candidate, is_bot, rule_matches
from thismonth.config import Config, Rule
from thismonth.errors import SourceError, UsageError
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.sources import Collected, PlansMonths, Source

PAST_MONTH_WORKERS = min(4, os.cpu_count() or 1)


@dataclass
class Learning:
    config: Config  # with the learned habits applied (the input config when none)
    learned: Learned | None
    archive: Path | None
    warnings: list[str] = field(default_factory=list)
    note: str = ""  # why nothing was learned, when nothing was
    # Lines whose title the learned title habits changed (filled when explaining a draft).
    restyled: list[Restyled] = field(default_factory=list)

    def summary(self) -> str | None:
        """One line for every draft: what was learned and where to see it, or why nothing
        was; None when the editor switched learning off (they know)."""
        if self.learned is None:
            return None if self.note.startswith("learning is off") else self.note
        got = self.learned
        span = f"{got.issues[0]}..{got.issues[-1]}" if got.issues else "no issue"
        parts = [
            f"{len(got.rules)} list/comment rules",
            f"{len(got.title_style)} title habits",
            f"{len(got.values)} values (maintainers, descriptions, logins...)",
        ]
        return (
            f"learned from the issues {span} in {self.archive}: {', '.join(parts)}; "
            f"`draft --explain` or `thismonth policy explain {got.month}` shows each with its "
            "evidence"
        )


@dataclass
class Restyled:
    """A line whose title a learned title habit changed: as the source gave it, as shown."""

    project: str
    url: str
    source: str
    shown: str


def restyled(config: Config, doc: IssueDoc, activities: dict[str, RepoActivity]) -> list[Restyled]:
    """Every PR or commit line of ``doc`` whose title differs from the source's, when the
    title style is learned (a stated ``title_style`` is the editor's own decision)."""
    if config.policy.title_style != "learn":
        return []
    out: list[Restyled] = []
    for section in doc.projects:
        act = activities.get(section.key)
        if act is None:
            continue
        given = {p.key: p.title for p in act.pulls} | {c.key: c.title for c in act.commits}
        for entry in section.all_entries:
            source = given.get(entry.key)
            if source is not None and source != entry.title:
                out.append(Restyled(section.name, entry.url, source, entry.title))
    return out


def default_archive(config: Config) -> Path:
    """The folder the output pattern writes issues into: ``content/this-month`` for
    ``content/this-month/{month}/index.md``."""
    parts = Path(config.newsletter.output).parts
    fixed = []
    for part in parts:
        if "{" in part:
            break
        fixed.append(part)
    base = config.path.parent if config.path else Path.cwd()
    folder = Path(*fixed) if fixed else Path(".")
    return folder if folder.is_absolute() else base / folder


def learning_for(
    config: Config,
    month: Month,
    *,
    source: Source | None,
    archive: Path | None = None,
    enabled: bool = True,
    history: dict[Month, dict[str, RepoActivity]] | None = None,
) -> Learning:
    """``config`` with what the issues before ``month`` teach; ``history`` (activity by
    month) is used instead of ``source`` for the past months it holds."""
    if not enabled or not config.policy.learn:
        why = "--no-learn" if not enabled else "[policy] learn = false"
        return Learning(config, None, None, note=f"learning is off ({why})")
    explicit = archive or config.newsletter.archive
    folder = explicit or default_archive(config)
    if not folder.is_dir():
        if explicit is not None:
            where = "--archive" if archive else "newsletter.archive"
            raise UsageError(f"{where} {folder}: no such folder")
        return Learning(config, None, None, note=f"no archive at {folder}: nothing learned")
    found = read_archive(folder, before=month, required=False)
    if not found.issues:
        return Learning(
            config, None, folder, found.warnings, note=f"no issue before {month} in {folder}"
        )
    warnings = list(found.warnings)
    cache = dict(history or {})

    def read(m: Month) -> Collected | str:
        try:
            assert source is not None
            return source.collect_month(config.projects, m, config.tz())
        except SourceError as exc:
            return f"learning: {m} activity unavailable ({exc})"

    wanted = [i.month for i in found.issues[-LOGIN_WINDOW:] if i.month not in cache]
    if isinstance(source, PlansMonths) and wanted:
        # What these months share (identity history, branch walks, tags, pull heads) is
        # then read once from the clones, not once per month; and the months, being
        # independent, are read a few at a time (git waits on the disk, not on Python).
        source.plan([*wanted, month], config.tz())
    if source is not None and wanted:
        workers = min(len(wanted), PAST_MONTH_WORKERS) if isinstance(source, PlansMonths) else 1
        unread: dict[str, list[str]] = {}  # repo -> months learned without it
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for m, got in zip(wanted, pool.map(read, wanted), strict=True):
                if isinstance(got, str):
                    warnings.append(got)
                    cache[m] = {}
                    continue
                for repo in got.failed:
                    unread.setdefault(repo, []).append(str(m))
                cache[m] = got.activities
        for repo, months in unread.items():
            warnings.append(
                f"learning: {repo} could not be read for {len(months)} earlier month(s) "
                f"({', '.join(months)}): habits learned without it"
            )

    def past(m: Month) -> dict[str, RepoActivity]:
        return cache.get(m, {})

    learned = learn(config, month, found.issues, past)
    return Learning(apply(config, learned), learned, folder, warnings)


@dataclass
class Decision:
    entry: Entry
    project: str
    rule: LearnedRule


def _same(a: Rule, b: Rule) -> bool:
    return (a.action, a.title.pattern if a.title else None, a.bot, a.branch) == (
        b.action,
        b.title.pattern if b.title else None,
        b.bot,
        b.branch,
    )


def explain(config: Config, learned: Learned, doc: IssueDoc) -> list[Decision]:
    """Each entry of ``doc`` whose deciding rule (first match) is a learned one."""
    out: list[Decision] = []
    for section in doc.projects:
        project = config.project(section.key)
        if project is None:
            continue
        rules = project.rules + config.rules_for(project)
        mine = [r for r in learned.rules if r.repo in (None, project.repo)]
        for entry in section.all_entries:
            candidate = Candidate(
                entry.kind,
                entry.title,
                entry.author,
                entry.branch,
                (),
                is_bot(entry.author, config.policy.bots),
            )
            first = next((r for r in rules if rule_matches(r, candidate)), None)
            if first is None:
                continue
            hit = next((lr for lr in mine if _same(lr.rule, first)), None)
            if hit is not None:
                out.append(Decision(entry, section.name, hit))
    return out


def policy_explain(
    config: Config, month: Month, source: Source, *, archive: Path | None = None
) -> tuple[Learning, list[Decision]]:
    """What a draft of ``month`` learns, and each decision the learned habits make in it."""
    learning = learning_for(config, month, source=source, archive=archive)
    if learning.learned is None:
        return learning, []
    collected = collect(learning.config, month, source)
    made = compose_and_render(learning.config, month, collected)
    learning.restyled = restyled(learning.config, made.doc, collected.activities)
    return learning, explain(learning.config, learning.learned, made.doc)
