"""``thismonth email MONTH -o DIR``: the issue as HTML e-mail and plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from thismonth.app.site import email
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load
from thismonth.cli.site_options import site_options
from thismonth.months import Month


@click.command("email")
@click.argument("month")
@config_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Folder for MONTH.html and MONTH.txt.",
)
@site_options
def command(month: str, config_path: Path | None, output: Path, **kw: Any) -> None:
    """Write the issue of MONTH (YYYY-MM) as an HTML e-mail and a plain-text e-mail."""
    the_month = Month.parse(month)
    issue, paths = email(load(config_path, required=False), the_month, output, **kw)
    if issue.draft:
        stderr.print(f"warning: {issue.source} is an unpublished draft", markup=False)
    stderr.print(f"wrote {', '.join(str(p) for p in paths)}", markup=False)
