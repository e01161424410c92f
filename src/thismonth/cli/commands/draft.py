"""``thismonth draft MONTH``: collect, compose, render, and write the month's draft."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options
from thismonth.compose import IssueDoc
from thismonth.config import Config
from thismonth.errors import DraftError, UsageError
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.pipeline import Draft, collect, compose_and_render, output_path
from thismonth.render import render_issue
from thismonth.sources import Source
from thismonth.writing import write_atomic


@click.command("draft")
@click.argument("month")
@config_option
@source_options
@click.option(
    "--output",
    "-o",
    default=None,
    help="Write here instead of newsletter.output; '-' prints to stdout.",
)
@click.option(
    "--context",
    "context_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the document model as JSON.",
)
@click.option(
    "--from-context",
    "context_in",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Render a document model saved with --context; collect nothing.",
)
@click.option(
    "--until",
    "until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Also list work merged after the month ends, up to this day (YYYY-MM-DD), as editors do before publishing.",
)
@click.option(
    "--force", is_flag=True, help="Replace an existing draft file instead of merging into it."
)
def command(
    month: str,
    config_path: Path,
    sources: SourceArgs,
    output: str | None,
    context_out: Path | None,
    context_in: Path | None,
    until: datetime | None,
    force: bool,
) -> None:
    """Draft the issue of MONTH (YYYY-MM) from the repositories' activity."""
    config = load(config_path)
    the_month = parse_month(month, config)
    if until is not None:
        the_month = the_month.with_until(until.date(), config.tz())
    if context_in is not None:
        result = Draft(doc=_read_context(context_in), markdown="", warnings=[])
        result.markdown = render_issue(result.doc, config)
    else:
        src = sources.open(config)
        collected = collect(config, the_month, src)
        result = compose_and_render(config, the_month, collected)
        if config.summary_line or config.welcome_newcomers:
            result.markdown = _with_extras(config, the_month, src, collected.activities, result)
        if config.sections:
            result.markdown = _with_candidates(config, the_month, src, result)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    if context_out is not None:
        write_atomic(
            context_out, json.dumps(result.doc.to_json(), indent=2, ensure_ascii=False) + "\n"
        )
    from thismonth.draft.sections import include_sections, sections_folder

    issue = Path(output) if output and output != "-" else output_path(config, the_month)
    result.markdown = include_sections(result.markdown, sections_folder(issue))
    if output == "-":
        sys.stdout.write(result.markdown)
        return
    target = Path(output) if output else output_path(config, the_month)
    text = result.markdown
    if target.exists() and not force:
        from thismonth.draft.merge import merge_draft

        existing = target.read_text(encoding="utf-8")
        text = merge_draft(
            existing,
            result.markdown,
            source=str(target),
            state_path=_state_path(config, the_month),
        )
        if text == existing:
            stderr.print(f"{target}: up to date", markup=False)
            _save_state(config, the_month, result.markdown)
            return
    write_atomic(target, text)
    _save_state(config, the_month, result.markdown)
    listed = sum(len(p.listed) for p in result.doc.sections)
    stderr.print(
        f"wrote {target} ({len(result.doc.sections)} projects, {listed} items listed)", markup=False
    )


def _with_candidates(config: Config, month: Month, src: Source, result: Draft) -> str:
    """The hand-written sections with their candidates, commented out (issue 11)."""
    from thismonth.app.candidates import with_candidates
    from thismonth.cli.sourcing import store_for

    markdown, found = with_candidates(
        config, month, result.markdown, source=src, store=store_for(config, src)
    )
    result.warnings.extend(found.warnings)
    return markdown


def _with_extras(
    config: Config, month: Month, src: Source, activities: dict[str, RepoActivity], result: Draft
) -> str:
    """The summary line and the welcome of first-time contributors (issue 11)."""
    from thismonth.app.extras import with_extras

    markdown, warnings = with_extras(config, month, result.markdown, activities, src)
    result.warnings.extend(warnings)
    return markdown


def _state_path(config: Config, month: Month) -> Path:
    from thismonth.draft.state import state_path

    return state_path(config, month)


def _save_state(config: Config, month: Month, generated: str) -> None:
    """Keep the last generated text: the base of the next three-way merge."""
    write_atomic(_state_path(config, month), generated)


def _read_context(path: Path) -> IssueDoc:
    try:
        return IssueDoc.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise UsageError(f"--from-context {path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DraftError(f"{path}: not a document model saved with --context ({exc})") from None
