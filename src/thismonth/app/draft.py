"""Draft or re-draft a month: collect, compose, render, include sections, merge, save.

The one place that knows the order of a draft's steps, so the CLI, the tests and the
benchmarks run exactly the same thing. Nothing here prints or exits: the result says
what happened (the text, the file written or not, warnings) and the caller shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thismonth.app.learn import Decision, Learning, explain, learning_for, restyled
from thismonth.app.pipeline import Draft, collect, compose_and_render
from thismonth.compose import IssueDoc
from thismonth.config import Config, output_path
from thismonth.draft.keep import Unrefreshed, keep_unrefreshed
from thismonth.draft.merge import merge_draft
from thismonth.draft.sections import include_sections, sections_folder
from thismonth.draft.state import read_state, recover, state_path, write_draft, write_state
from thismonth.draft.thanks_note import note_new_contributors
from thismonth.errors import DraftError, UsageError
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.render import render_issue
from thismonth.sources import Source
from thismonth.writing import MAX_DATA_BYTES, read_text, write_atomic

HandWritten = Callable[[Config, Month, Draft, dict[str, RepoActivity], Source | None], str]


@dataclass(frozen=True)
class DraftOptions:
    """What to draft, from what, and where to put it."""

    month: Month
    source: Source | None = None  # where the activity comes from (unless ``context_in``)
    context_in: Path | None = None  # render a document model saved with ``context_out``
    context_out: Path | None = None  # also save the document model here
    output: Path | None = None  # default: the config's ``newsletter.output``
    to_stdout: bool = False  # return the text only; write no draft and no state
    force: bool = False  # replace an existing draft instead of merging into it
    until: date | None = None  # stretch the month's window to the end of this day
    no_until: bool = False  # draft the month alone, even if the draft was made with until
    partial: bool = False  # (for the caller) failing sources are accepted, not an error
    archive: Path | None = None  # published issues to learn habits from (default: the output's)
    learn: bool = True  # learn the editors' habits from the issues before the month
    explain: bool = False  # also say which decisions the learned habits made
    # The hand-written sections' candidates, the summary and welcome lines
    # (``app.candidates.with_hand_written``); the caller passes it when the config asks
    # for them, so a draft without them does not load the feed and HTTP machinery.
    hand_written: HandWritten | None = None


@dataclass
class DraftResult:
    """What a draft did: the text, where it went, and what the user should hear."""

    text: str
    doc: IssueDoc
    path: Path | None  # the draft file (None with ``to_stdout``)
    written: bool = False
    up_to_date: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Projects whose source failed ("owner/repo" -> why): their sections were kept as
    # they were, with a draft note; the CLI exits non-zero for them unless --partial.
    not_refreshed: dict[str, str] = field(default_factory=dict)
    until: date | None = None  # the window the draft was made with
    learning: Learning | None = None  # what was learned from the archive, and why not
    decisions: list[Decision] = field(default_factory=list)  # with ``explain``

    @property
    def projects(self) -> int:
        return len(self.doc.sections)

    @property
    def listed(self) -> int:
        return sum(len(p.listed) for p in self.doc.sections)


def draft_month(config: Config, options: DraftOptions) -> DraftResult:
    """Draft ``options.month``, or re-draft it keeping every human edit."""
    month = options.month
    target = options.output or output_path(config, month)
    state_file = state_path(config, month)
    notes: list[str] = []
    if not options.to_stdout and (done := recover(state_file, target)):
        notes.append(done)
    state = read_state(state_file)
    if state.problem is not None:
        notes.append(state.problem)
    until = _window(options, state.until, month, notes)
    if until is not None:
        month = month.with_until(until, config.tz())
    failed: dict[str, str] = {}
    learning: Learning | None = None
    activities: dict[str, RepoActivity] | None = None  # the month's, drafted from a source
    if options.context_in is not None:
        doc = read_context(options.context_in)
        made = Draft(doc=doc, markdown=render_issue(doc, config), warnings=[])
    else:
        if options.source is None:
            raise UsageError("nothing to draft from: give a source or a saved document model")
        learning = learning_for(
            config, month, source=options.source, archive=options.archive, enabled=options.learn
        )
        config = learning.config
        collected = collect(config, month, options.source)
        activities = collected.activities
        failed = dict(collected.failed)
        made = compose_and_render(config, month, collected)
        made.warnings[:0] = learning.warnings
        if options.hand_written is not None:  # summary, newcomers, [[sections]] candidates
            made.markdown = options.hand_written(
                config, month, made, collected.activities, options.source
            )
    if options.context_out is not None:
        write_atomic(
            options.context_out,
            json.dumps(made.doc.to_json(), indent=2, ensure_ascii=False) + "\n",
        )
    generated = keep_unrefreshed(
        made.markdown,
        state.generated,
        [Unrefreshed(p.repo, p.url, failed[p.repo]) for p in config.projects if p.repo in failed],
        [p.url for p in config.projects],
        config.newsletter.projects_heading,
    )
    generated = include_sections(generated, sections_folder(target))
    result = DraftResult(
        text=generated,
        doc=made.doc,
        path=None,
        warnings=list(made.warnings),
        notes=notes,
        not_refreshed=failed,
        until=until,
        learning=learning,
    )
    if options.explain and learning is not None and learning.learned is not None:
        result.decisions = explain(config, learning.learned, made.doc)
        if activities is not None:
            learning.restyled = restyled(config, made.doc, activities)
    if options.to_stdout:
        return result
    result.path = target
    text = generated
    if target.exists() and not options.force:
        existing = read_text(target)
        text = merge_draft(existing, generated, source=str(target), base=state.generated)
        text = note_new_contributors(text, state.generated, generated)
        if text == existing:
            result.text = existing
            result.up_to_date = True
            if state.generated != generated or state.until != until:
                write_state(state_file, generated, until=until, draft=existing)
            return result
    write_draft(target, text, state_file, generated, until=until)
    result.text = text
    result.written = True
    return result


def _window(
    options: DraftOptions, kept: date | None, month: Month, notes: list[str]
) -> date | None:
    """The last day of the window: asked for, or the one the draft was made with."""
    if options.until is not None:
        return options.until
    if options.no_until or kept is None:
        return None
    notes.append(
        f"{month}: kept the window the draft was made with, work merged until {kept} "
        "(draft --until); pass --no-until to draft the month alone"
    )
    return kept


def read_context(path: Path) -> IssueDoc:
    try:
        return IssueDoc.from_json(json.loads(read_text(path, limit=MAX_DATA_BYTES)))
    except FileNotFoundError:
        raise UsageError(f"--from-context {path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DraftError(f"{path}: not a document model saved with --context ({exc})") from None
