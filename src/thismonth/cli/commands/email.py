"""``thismonth email MONTH -o DIR``: the issue as HTML e-mail and plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from thismonth.cli.app import stderr
from thismonth.months import Month
from thismonth.site.cli_options import (
    load_site_config,
    make_options,
    require_base_url,
    site_config_option,
    site_options,
)
from thismonth.site.email import find_issue, render_email, write_email


@click.command("email")
@click.argument("month")
@site_config_option
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
    the_month = str(Month.parse(month))
    config = load_site_config(config_path)
    options = make_options(config, Path("public"), True, **kw)
    require_base_url(config, kw.get("base_url"))
    issue = find_issue(options, the_month)
    if issue.draft:
        stderr.print(f"warning: {issue.source} is an unpublished draft", markup=False)
    paths = write_email(render_email(issue, options), output, the_month)
    stderr.print(f"wrote {', '.join(str(p) for p in paths)}", markup=False)
