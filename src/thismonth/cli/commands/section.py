"""``thismonth section new OWNER/REPO --author LOGIN --month YYYY-MM``: an outside author's file."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options
from thismonth.compose.document import ProjectSection
from thismonth.config import Config
from thismonth.errors import UsageError
from thismonth.months import Month


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
    config_path: Path,
    sources: SourceArgs,
) -> None:
    """Create sections/NAME.md for REPO (OWNER/NAME) in the issue of MONTH and print its path.

    The issue includes every sections/*.md under "Other Projects" on each draft, so
    authors never edit the same file.
    """
    from thismonth.draft.sections import new_section

    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        raise UsageError(f"{repo!r}: expected OWNER/NAME, for example metta-systems/vesper")
    if not re.fullmatch(
        r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?", author.lstrip("@")
    ):
        raise UsageError(f"--author {author!r}: expected a GitHub login")
    config = load(config_path)
    the_month = parse_month(month, config)
    project = None
    if collect:
        project = _collect(config, the_month, repo, author.lstrip("@"), sources)
    path = new_section(config, the_month, repo, author.lstrip("@"), project=project)
    stderr.print(f"wrote {path}", markup=False)
    click.echo(str(path))


def _collect(
    config: Config, month: Month, repo: str, author: str, sources: SourceArgs
) -> ProjectSection | None:
    """The repository's month as a project section of the issue's own policy."""
    from thismonth.compose import build_issue
    from thismonth.config import Maintainer, ProjectConfig
    from thismonth.pipeline import collect

    existing = config.project(repo)
    project = existing or ProjectConfig(
        repo=repo,
        name=repo.split("/", 1)[1],
        clone=repo.split("/", 1)[1],
        url=f"{config.github_url.rstrip('/')}/{repo}",
    )
    project = dataclasses.replace(project, maintainers=[*project.maintainers, Maintainer(author)])
    one = dataclasses.replace(config, projects=[project])
    src = sources.open(one)
    if isinstance(getattr(src, "discover", None), bool):
        src.discover = False  # type: ignore[attr-defined]  # one repository, not the folder
    collected = collect(one, month, src)
    for warning in collected.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    doc = build_issue(one, month, collected.activities)
    return doc.projects[0] if doc.projects else None
