"""Use case: start a newsletter: a config for a folder of clones, or adopted from the
archive of published issues (``init --archive DIR [--repos DIR]``), and CI workflows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from thismonth.app.scaffold import describe_clone, find_clones, write_config
from thismonth.app.scaffold_archive import archive_config, output_pattern
from thismonth.archive import ArchivedIssue, read_archive
from thismonth.archive.adopt import adopt
from thismonth.archive.logins import LearnedLogins, learn_logins, pairs_to_fetch
from thismonth.compose.policy import is_bot
from thismonth.config import ProjectConfig, load_config, parse_config
from thismonth.draft.actions import write_github_actions
from thismonth.errors import SourceError, UsageError
from thismonth.models import PullRequest
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.writing import write_atomic


@dataclass
class InitResult:
    path: Path
    projects: list[str]
    logins: int = 0
    warnings: list[str] = field(default_factory=list)


def init_from_archive(
    archive_dir: Path, target: Path, *, repos: Path | None = None, force: bool = False
) -> InitResult:
    """Write ``target`` from the issues in ``archive_dir`` (and the clones in ``repos``)."""
    if target.exists() and not force:
        raise UsageError(f"{target} already exists: pass --force to replace it")
    archive = read_archive(archive_dir)
    warnings = list(archive.warnings)
    adopted = adopt(archive.issues)
    output = output_pattern(archive_dir, archive.latest.path, target.parent)
    clones: dict[str, dict[str, object]] = {}
    extra: list[dict[str, object]] = []
    if repos is not None:
        described = [describe_clone(c, adopted.organization) for c in find_clones(repos)]
        by_repo = {str(d["repo"]).lower(): d for d in described}
        covered = set()
        for project in adopted.projects:
            found = by_repo.get(project.repo.lower())
            if found is None:
                warnings.append(
                    f"{project.repo}: no clone under {repos} (last section {project.last_seen})"
                )
            else:
                clones[project.repo] = found
                covered.add(project.repo.lower())
        for d in described:
            if str(d["repo"]).lower() not in covered:
                warnings.append(
                    f"{repos / str(d.get('clone', d['name']))}: {d['repo']} has no section in"
                    " the archive: added at the end of the projects"
                )
                d.pop("maintainers", None)
                extra.append(d)
    text = archive_config(adopted, output=output, clones=clones, extra_projects=extra)
    logins: LearnedLogins | None = None
    if repos is not None:
        logins = _logins(text, target, repos, archive.issues, warnings)
        text = archive_config(
            adopted, output=output, clones=clones, extra_projects=extra, logins=logins
        )
    parse_config(text, target)  # what init writes must load, before anything is written
    write_atomic(target, text)
    projects = [p.repo for p in adopted.projects] + [str(d["repo"]) for d in extra]
    return InitResult(
        path=target,
        projects=projects,
        logins=len(logins.logins) if logins else 0,
        warnings=warnings,
    )


def _logins(
    text: str, target: Path, repos: Path, issues: list[ArchivedIssue], warnings: list[str]
) -> LearnedLogins:
    """Match thanked logins to the git authors of the PRs each issue listed."""
    config = parse_config(text, target)
    by_repo = {p.repo: p for p in config.projects}
    wanted: dict[Month, list[str]] = defaultdict(list)
    for repo, month in pairs_to_fetch(issues):
        if repo in by_repo:
            wanted[month].append(repo)
    source = GitSource(repos)
    found: dict[tuple[str, Month], list[PullRequest]] = {}
    for month, names in sorted(wanted.items()):
        try:
            collected = source.collect_month([by_repo[r] for r in names], month, config.tz())
        except SourceError as exc:
            warnings.append(f"{month}: {exc} (no logins learned from that issue)")
            continue
        for repo, activity in collected.activities.items():
            found[(repo, month)] = activity.pulls
    learned = learn_logins(
        issues,
        lambda repo, month: found.get((repo, month), []),
        known=lambda person: is_bot(person, config.policy.bots),
    )
    warnings.extend(f"[policy.logins] left out {c}" for c in learned.conflicts)
    return learned


def init_config(
    repos: Path, config_path: Path, *, org: str | None, name: str | None, force: bool
) -> list[ProjectConfig]:
    """Write ``config_path`` for the clones under ``repos``; the projects it names."""
    found = write_config(repos, config_path, org=org, name=name, force=force)
    load_config(config_path)  # what init writes must load
    return found


def init_actions(config_path: Path, *, install: str | None = None) -> list[Path]:
    """The GitHub Actions workflows beside the config; the paths written. ``install`` is
    how the workflows install thismonth (a pinned git URL or a path)."""
    root = config_path.parent if config_path.parent != Path("") else Path(".")
    return write_github_actions(root, install=install)
