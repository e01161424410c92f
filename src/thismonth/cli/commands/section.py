"""``thismonth section new OWNER/REPO --author LOGIN --month YYYY-MM``: an outside author's file."""

from __future__ import annotations

import re
from pathlib import Path

import click

from thismonth.app.sections import section_config, section_new
from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options
from thismonth.errors import UsageError


@click.group("section")
def command() -> None:
    """Contributed sections: one file per outside author, beside the issue."""


@command.command("new")
@click.argument("repo")
@click.option("--author", required=True, help="GitHub login of the section's author.")
@click.option("--month", "month", required=True, help="The issue's month, YYYY-MM.")
@click.option(
    "--collect", is_flag=True, help="Pre-fill with the repository's merged PRs of the month."
)
@config_option
@source_options
def new(
    repo: str,
    author: str,
    month: str,
    collect: bool,
    config_path: Path | None,
    sources: SourceArgs,
) -> None:
    """Create sections/NAME.md for REPO (OWNER/NAME) in the issue of MONTH and print its path.

    The issue includes every sections/*.md under "Other Projects" on each draft, so
    authors never edit the same file.
    """
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        raise UsageError(f"{repo!r}: expected OWNER/NAME, for example metta-systems/vesper")
    login = author.lstrip("@")
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?", login):
        raise UsageError(f"--author {author!r}: expected a GitHub login")
    config = load(config_path)
    the_month = parse_month(month, config)
    source = sources.open(section_config(config, repo, login), discover=False) if collect else None
    result = section_new(config, the_month, repo, login, source=source)
    for warning in result.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    stderr.print(f"wrote {result.path}", markup=False)
    click.echo(str(result.path))
