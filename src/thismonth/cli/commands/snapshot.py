"""``thismonth snapshot export MONTH -o FILE``: the month's activity as a file."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.app.snapshot import export
from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options


@click.group("snapshot")
def command() -> None:
    """Save a month's activity to a file, to draft from it offline (--source snapshot:FILE)."""


@command.command("export")
@click.argument("month")
@click.option(
    "--output",
    "-o",
    "output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The snapshot file to write (JSON).",
)
@config_option
@source_options
def export_command(
    month: str,
    output: Path,
    config_path: Path | None,
    sources: SourceArgs,
) -> None:
    """Collect MONTH (YYYY-MM) from a source and write it to a snapshot file."""
    config = load(config_path)
    the_month = parse_month(month, config)
    collected = export(config, the_month, sources.open(config), output)
    for warning in collected.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    pulls = sum(len(a.pulls) for a in collected.activities.values())
    stderr.print(
        f"wrote {output} ({len(collected.activities)} repositories, {pulls} pull requests)",
        markup=False,
    )
