"""``thismonth candidates MONTH``: each hand-written section's candidates, scored, to stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options
from thismonth.cli.rewrite_option import rewrite_options, with_rewrite
from thismonth.errors import UsageError

if TYPE_CHECKING:
    from thismonth.app.candidates import CandidatesResult


@click.command("candidates")
@click.argument("month")
@config_option
@source_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts.",
)
@rewrite_options
def command(
    month: str,
    config_path: Path,
    sources: SourceArgs,
    fmt: str,
    rewrite_model: str | None,
    no_rewrite: bool,
) -> None:
    """List the candidates of every [[sections]] entry for MONTH, with source, date, score and why.

    Reads the sections' feeds (remembering their entries), saved searches and watched
    repositories, as `thismonth draft` does, but writes nothing except the feed memory.
    """
    from thismonth.app.candidates import gather, store_for
    from thismonth.cli.sourcing import open_optional

    config = with_rewrite(load(config_path), rewrite_model, no_rewrite)
    the_month = parse_month(month, config)
    if not config.sections:
        raise UsageError(
            f"{config_path}: no [[sections]] with candidate sources; see docs/candidates.md"
        )
    source = open_optional(config, sources)
    store = store_for(config, source)
    result = gather(config, the_month, source=source, store=store)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(text_report(result))


def text_report(result: CandidatesResult) -> str:
    lines: list[str] = []
    for s in result.sections:
        head = s.section.heading or s.section.id
        lines.append(
            f"## {head} [{s.section.id}]: {len(s.candidates)} candidate"
            f"{'s' if len(s.candidates) != 1 else ''} (cap {s.section.cap}), "
            f"{s.sources} source{'s' if s.sources != 1 else ''}"
            + (f", {s.failed} failed" if s.failed else "")
        )
        for i, c in enumerate(s.candidates, start=1):
            day = c.date.date().isoformat() + ("" if c.dated else " (first seen)")
            lines.append(f"{i:3}. {c.score:5.2f}  {day}  {_clean(c.title)}")
            lines.append(f"       {_clean(c.url)}")
            lines.append(
                f"       from {_clean(c.source)}" + "".join(f"; {_clean(a)}" for a in c.also)
            )
            lines.append(f"       why: {_clean('; '.join(c.why))}")
            if c.context:
                lines.append(f"       context (to rewrite): {_clean(c.context)}")
            if c.suggestion:
                lines.append(
                    f"       suggested by {_clean(c.suggested_by)} (review before publishing): "
                    f"{_clean(c.suggestion)}"
                )
        for w in s.watched:
            lines.append(
                f"  watched {w.repo}: {len(w.project.listed)} merged PRs"
                + (f", released {', '.join(w.releases)}" if w.releases else "")
            )
        if s.over_cap_count:
            lines.append(f"  {s.over_cap_count} more below the cap:")
            for c in s.over_cap_list():
                lines.append(
                    f"     {c.score:5.2f}  {c.date.date()}  {_clean(c.title)}  {_clean(c.url)}"
                )
        if s.already_linked:
            lines.append(f"  {len(s.already_linked)} left out: an earlier issue already links them")
        for note in s.notes:
            lines.append(f"  note: {_clean(note)}")
        lines.append("")
    return "\n".join(lines)


def _clean(text: str) -> str:
    """Outside text on a terminal: no control characters (escape sequences)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
