"""Draft or re-draft a month: collect, compose, render, include sections, merge, save.

The one place that knows the order of a draft's steps, so the CLI, the tests and the
benchmarks run exactly the same thing. Nothing here prints or exits: the result says
what happened (the text, the file written or not, warnings) and the caller shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thismonth.compose import IssueDoc
from thismonth.config import Config
from thismonth.draft.merge import merge_draft
from thismonth.draft.sections import include_sections, sections_folder
from thismonth.draft.state import state_path
from thismonth.errors import DraftError, UsageError
from thismonth.months import Month
from thismonth.pipeline import Draft, collect, compose_and_render, output_path
from thismonth.render import render_issue
from thismonth.sources import Source
from thismonth.writing import write_atomic


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

    @property
    def projects(self) -> int:
        return len(self.doc.sections)

    @property
    def listed(self) -> int:
        return sum(len(p.listed) for p in self.doc.sections)


def draft_month(config: Config, options: DraftOptions) -> DraftResult:
    """Draft ``options.month``, or re-draft it keeping every human edit."""
    month = options.month
    if options.until is not None:
        month = month.with_until(options.until, config.tz())
    if options.context_in is not None:
        doc = read_context(options.context_in)
        made = Draft(doc=doc, markdown=render_issue(doc, config), warnings=[])
    else:
        if options.source is None:
            raise UsageError("nothing to draft from: give a source or a saved document model")
        made = compose_and_render(config, month, collect(config, month, options.source))
    if options.context_out is not None:
        write_atomic(
            options.context_out,
            json.dumps(made.doc.to_json(), indent=2, ensure_ascii=False) + "\n",
        )
    target = options.output or output_path(config, month)
    generated = include_sections(made.markdown, sections_folder(target))
    result = DraftResult(text=generated, doc=made.doc, path=None, warnings=list(made.warnings))
    if options.to_stdout:
        return result
    result.path = target
    state = state_path(config, month)
    text = generated
    if target.exists() and not options.force:
        existing = target.read_text(encoding="utf-8")
        text = merge_draft(existing, generated, source=str(target), state_path=state)
        if text == existing:
            result.text = existing
            result.up_to_date = True
            write_atomic(state, generated)
            return result
    write_atomic(target, text)
    write_atomic(state, generated)
    result.text = text
    result.written = True
    return result


def read_context(path: Path) -> IssueDoc:
    try:
        return IssueDoc.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise UsageError(f"--from-context {path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DraftError(f"{path}: not a document model saved with --context ({exc})") from None
