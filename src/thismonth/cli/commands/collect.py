"""``thismonth collect PATH --month M``: one repository's PR list and thanks line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import parse_month
from thismonth.compose.build import build_issue
from thismonth.config import default_config, load_config
from thismonth.render.render import render_project


@click.command("collect")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--month", "month", required=True, help="The month, YYYY-MM.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Use this config's policy and the project's settings (default: ./thismonth.toml if present).",
)
def command(path: Path, month: str, config_path: Path | None) -> None:
    """Print the merged PRs of one clone for MONTH, with a thanks line, as Markdown."""
    from thismonth.sources.git import GitSource, project_for_path

    if config_path is None and Path("thismonth.toml").is_file():
        config_path = Path("thismonth.toml")
    config = load_config(config_path) if config_path else default_config()
    the_month = parse_month(month, config)
    guess = project_for_path(path, config.github_url)
    project = config.project(guess.repo) or config.project(path.name.removesuffix(".git")) or guess
    config.projects = [project]
    activity = GitSource(None, paths={project.repo: path}).collect(project, the_month, config.tz())
    for warning in activity.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    doc = build_issue(config, the_month, {project.repo: activity})
    sys.stdout.write(render_project(doc.projects[0], config))
