"""Repositories nobody configured, active in the month: drafted as new projects.

A source that sees more than the configured projects (the GitHub source searches the
whole organization; a folder of clones may hold more than the config names) reports the
others in ``Collected.discovered``. Dropping their work without a word would be a silent
omission, and the editors announce new repositories anyway ("(new project!)"). So each
becomes a project of its own, marked new, with a draft note saying how to configure it,
unless ``[policy] exclude_repos`` names it (``owner/name`` or ``name``, with wildcards).
"""

from __future__ import annotations

import dataclasses
from fnmatch import fnmatchcase

from thismonth.config import Config, ProjectConfig
from thismonth.models import RepoActivity


def excluded(config: Config, repo: str) -> bool:
    name = repo.split("/", 1)[-1].lower()
    for pattern in config.policy.exclude_repos:
        p = pattern.lower()
        if fnmatchcase(repo.lower(), p) or ("/" not in p and fnmatchcase(name, p)):
            return True
    return False


def with_discovered(
    config: Config, discovered: dict[str, RepoActivity]
) -> tuple[Config, dict[str, RepoActivity], list[str]]:
    """The config with a project for each discovered repository that is not excluded,
    those repositories' activities, and a warning for each."""
    known = {p.repo.lower() for p in config.projects}
    base = config.newsletter.github_url.rstrip("/")
    extra: list[ProjectConfig] = []
    kept: dict[str, RepoActivity] = {}
    warnings: list[str] = []
    for repo in sorted(discovered, key=str.lower):
        if repo.lower() in known or excluded(config, repo):
            continue
        short = repo.split("/", 1)[1]
        extra.append(ProjectConfig(repo=repo, name=short, clone=short, url=f"{base}/{repo}"))
        kept[repo] = discovered[repo]
        warnings.append(
            f"{repo}: active this month but not in the config: drafted as a new project "
            '(add [[projects]] repo = "' + repo + '", or exclude it with [policy] exclude_repos)'
        )
    if not extra:
        return config, {}, []
    return dataclasses.replace(config, projects=[*config.projects, *extra]), kept, warnings
