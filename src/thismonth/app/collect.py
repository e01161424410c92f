"""Use case: one clone's month as a project section, to paste anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thismonth.compose import build_issue
from thismonth.config import Config
from thismonth.months import Month
from thismonth.render.render import render_project
from thismonth.sources.git import GitSource, project_for_path


@dataclass
class Collected:
    markdown: str
    warnings: list[str]


def collect_clone(config: Config, month: Month, path: Path) -> Collected:
    """The merged PRs of the clone at ``path`` in ``month``, with a thanks line.

    The project's settings come from the config when it names the clone, else from the
    clone's remote.
    """
    guess = project_for_path(path, config.newsletter.github_url)
    project = config.project(guess.repo) or config.project(path.name.removesuffix(".git")) or guess
    config.projects = [project]
    activity = GitSource(None, paths={project.repo: path}).collect(project, month, config.tz())
    doc = build_issue(config, month, {project.repo: activity})
    return Collected(render_project(doc.projects[0], config), list(activity.warnings))
