"""``thismonth collect PATH --month M``: one repository's PR list and thanks line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thismonth.app.collect import collect_clone
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load, parse_month


@click.command("collect")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--month", "month", required=True, help="The month, YYYY-MM.")
@config_option
def command(path: Path, month: str, config_path: Path | None) -> None:
    """Print the merged PRs of one clone for MONTH, with a thanks line, as Markdown.

    The config's policy and the project's settings apply when there is a config.
    """
    config = load(config_path, required=False)
    result = collect_clone(config, parse_month(month, config), path)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    sys.stdout.write(result.markdown)
