"""``thismonth draft MONTH``: options in, ``app.draft.draft_month``, messages out."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from thismonth.app.draft import DraftOptions, draft_month
from thismonth.cli.app import stderr
from thismonth.cli.commands.policy import explanation
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options
from thismonth.cli.rewrite_option import rewrite_options, with_rewrite
from thismonth.errors import SourceError, UsageError


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
    "--no-until",
    is_flag=True,
    help="Draft the month alone, even if its draft was made with --until (which a re-draft keeps).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="Accept a draft where some projects could not be read (their sections stay as they were).",
)
@click.option(
    "--force", is_flag=True, help="Replace an existing draft file instead of merging into it."
)
@click.option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Published issues to learn the editors' habits from (default: the output folder).",
)
@click.option("--no-learn", "no_learn", is_flag=True, help="Do not learn habits from the archive.")
@click.option(
    "--explain", is_flag=True, help="Print the learned habits and their decisions to stderr."
)
@rewrite_options
def command(
    month: str,
    config_path: Path,
    sources: SourceArgs,
    output: str | None,
    context_out: Path | None,
    context_in: Path | None,
    until: datetime | None,
    no_until: bool,
    partial: bool,
    force: bool,
    archive: Path | None,
    no_learn: bool,
    explain: bool,
    rewrite_model: str | None,
    no_rewrite: bool,
) -> None:
    """Draft the issue of MONTH (YYYY-MM) from the repositories' activity."""
    if until is not None and no_until:
        raise UsageError("--until and --no-until: give one of them")
    config = with_rewrite(load(config_path), rewrite_model, no_rewrite)
    if rewrite_model and not config.sections:
        stderr.print(
            "warning: --rewrite-context: the config has no [[sections]], so no candidates "
            "and no context line to rewrite",
            markup=False,
        )
    hand_written = None
    news = config.newsletter
    if config.sections or news.summary_line or news.welcome_newcomers:
        from thismonth.app.candidates import with_hand_written  # lazy: start-up

        hand_written = with_hand_written
    options = DraftOptions(
        month=parse_month(month, config),
        source=None if context_in is not None else sources.open(config),
        context_in=context_in,
        context_out=context_out,
        output=Path(output) if output and output != "-" else None,
        to_stdout=output == "-",
        force=force,
        until=until.date() if until is not None else None,
        no_until=no_until,
        partial=partial,
        archive=archive,
        learn=not no_learn,
        explain=explain,
        hand_written=hand_written,
    )
    result = draft_month(config, options)
    if explain and result.learning is not None:
        if result.learning.learned is None:
            stderr.print(f"{options.month}: {result.learning.note}", markup=False)
        else:
            stderr.print(explanation(result.learning, result.decisions), markup=False)
    elif result.learning is not None and (said := result.learning.summary()):
        stderr.print(f"note: {said}", markup=False)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    for note in result.notes:
        stderr.print(f"note: {note}", markup=False)
    if result.not_refreshed and partial:
        n = len(result.not_refreshed)
        stderr.print(
            f"note: --partial: {n} project{'s' if n != 1 else ''} not refreshed, "
            "kept as they were (see the notes in the draft)",
            markup=False,
        )
    if options.to_stdout:
        sys.stdout.write(result.text)
    elif result.up_to_date:
        stderr.print(f"{result.path}: up to date", markup=False)
    else:
        stderr.print(
            f"wrote {result.path} ({result.projects} projects, {result.listed} items listed)",
            markup=False,
        )
    if result.not_refreshed and not partial:
        n = len(result.not_refreshed)
        raise SourceError(
            f"{n} project{'s' if n != 1 else ''} not refreshed "
            f"({', '.join(result.not_refreshed)}): their sections were kept as they were; "
            "fix the source, or pass --partial to accept the draft as it is"
        )
