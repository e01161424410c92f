"""Use case: a new contributed section, one file per outside author."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from thismonth.app.pipeline import collect
from thismonth.compose import build_issue
from thismonth.compose.document import ProjectSection
from thismonth.config import Config, Maintainer, ProjectConfig
from thismonth.draft.sections import new_section
from thismonth.forge import repo_url
from thismonth.months import Month
from thismonth.sources import Source


@dataclasses.dataclass
class NewSection:
    path: Path
    warnings: list[str]


def section_new(
    config: Config,
    month: Month,
    repo: str,
    author: str,
    *,
    source: Source | None = None,
) -> NewSection:
    """Write ``sections/NAME.md`` for ``repo``, pre-filled from ``source`` when given."""
    project, warnings = (
        (None, []) if source is None else _collect(config, month, repo, author, source)
    )
    return NewSection(new_section(config, month, repo, author, project=project), warnings)


def section_config(config: Config, repo: str, author: str) -> Config:
    """The config with only ``repo``, its author as a maintainer (not thanked twice)."""
    existing = config.project(repo)
    project = existing or ProjectConfig(
        repo=repo,
        name=repo.split("/", 1)[1],
        clone=repo.split("/", 1)[1],
        url=repo_url(config.newsletter.github_url, repo),
    )
    project = dataclasses.replace(project, maintainers=[*project.maintainers, Maintainer(author)])
    return dataclasses.replace(config, projects=[project])


def _collect(
    config: Config, month: Month, repo: str, author: str, source: Source
) -> tuple[ProjectSection | None, list[str]]:
    """The repository's month as a project section of the issue's own policy."""
    one = section_config(config, repo, author)
    collected = collect(one, month, source)
    doc = build_issue(one, month, collected.activities)
    return (doc.projects[0] if doc.projects else None), list(collected.warnings)
