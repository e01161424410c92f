"""From what GitHub answered to the normalized records (``thismonth.models``).

Two steps: ``*_raw`` functions turn GraphQL nodes into small JSON dicts, the form the
store keeps (no policy applied, no token, nothing config-dependent); ``assemble`` turns
the stored dicts into ``RepoActivity`` records for a config. So changing packages or
bots in the config never needs a new fetch.

Releases use the git source's tag rules (``thismonth.sources.tags``) on the tags
GitHub lists, so both sources agree on packages, versions and previous versions.
``released_in`` is an approximation, as the API cannot answer "which tag contains this
commit" cheaply: for a PR merged into the default branch, per package, the first tag in
version order whose commit date is at or after the merge. PRs into development branches
get no ``released_in``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from thismonth.config import Config, ProjectConfig, is_bot_name
from thismonth.models import (
    Commit,
    IssueRef,
    Person,
    PullRequest,
    Release,
    ReleaseRef,
    RepoActivity,
)
from thismonth.sources import Collected
from thismonth.sources.git_run import Ref
from thismonth.sources.tags import package_versions, previous_version


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


# ------------------------------------------------------------------- raw forms


def pull_raw(node: dict[str, Any]) -> dict[str, Any] | None:
    if not node or "number" not in node or not node.get("mergedAt"):
        return None
    author = node.get("author") or {}
    return {
        "repo": node["repository"]["nameWithOwner"],
        "number": node["number"],
        "title": node["title"],
        "url": node["url"],
        "merged_at": node["mergedAt"],
        "base": node.get("baseRefName") or "",
        "labels": [lb["name"] for lb in (node.get("labels") or {}).get("nodes") or [] if lb],
        "merge_commit": (node.get("mergeCommit") or {}).get("oid"),
        "login": author.get("login") or "ghost",
        "actor": author.get("__typename") or "User",
        "default_branch": ((node["repository"].get("defaultBranchRef") or {}).get("name")),
        "archived": bool(node["repository"].get("isArchived")),
        "fork": bool(node["repository"].get("isFork")),
    }


def issue_raw(node: dict[str, Any]) -> dict[str, Any] | None:
    if not node or "number" not in node:
        return None
    return {
        "repo": node["repository"]["nameWithOwner"],
        "number": node["number"],
        "title": node["title"],
        "url": node["url"],
        "labels": [lb["name"] for lb in (node.get("labels") or {}).get("nodes") or [] if lb],
        "created_at": node.get("createdAt"),
    }


def repo_raw(repo: str, node: dict[str, Any], branches: list[str]) -> dict[str, Any]:
    tags = []
    for ref in (node.get("refs") or {}).get("nodes") or []:
        target = ref.get("target") or {}
        date = None
        if target.get("__typename") == "Tag":
            date = ((target.get("tagger") or {}).get("date")) or None
            target = target.get("target") or {}
        if target.get("__typename") != "Commit":
            continue
        tags.append(
            {"name": ref["name"], "oid": target["oid"], "date": date or target.get("committedDate")}
        )
    releases = [
        {"tag": r["tagName"], "url": r.get("url"), "published_at": r.get("publishedAt")}
        for r in (node.get("releases") or {}).get("nodes") or []
        if r and not r.get("isDraft")
    ]
    commits: list[dict[str, Any]] = []
    missing: list[str] = []
    for i, branch in enumerate(branches):
        if node.get(f"b{i}") is None:
            missing.append(branch)
        history = history_of(node.get(f"b{i}"))
        if history is not None:
            commits.extend(commit_raw(c, branch) for c in history.get("nodes") or [])
    return {
        "repo": node.get("nameWithOwner") or repo,
        "default_branch": (node.get("defaultBranchRef") or {}).get("name"),
        "tags": tags,
        "releases": releases,
        "commits": commits,
        "missing_branches": missing,
    }


def history_of(ref: dict[str, Any] | None) -> dict[str, Any] | None:
    return (((ref or {}).get("target") or {}).get("history")) if ref else None


def commit_raw(node: dict[str, Any], branch: str) -> dict[str, Any]:
    author = node.get("author") or {}
    return {
        "branch": branch,
        "oid": node["oid"],
        "title": node.get("messageHeadline") or "",
        "url": node.get("url"),
        "committed_at": node["committedDate"],
        "name": author.get("name") or "",
        "login": (author.get("user") or {}).get("login"),
        "pull": bool((node.get("associatedPullRequests") or {}).get("nodes") or []),
    }


# ---------------------------------------------------------------- assembling


def person(login: str, actor: str, bots: set[str]) -> Person:
    bot = actor == "Bot" or is_bot_name(login) or login.lower() in bots
    return Person(name=login, login=login, verified=True, bot=bot)


def pull_request(repo: str, p: dict[str, Any], bots: set[str]) -> PullRequest:
    """A cached PR row as the record every source gives."""
    return PullRequest(
        repo=repo,
        number=p["number"],
        title=p["title"],
        url=p["url"],
        author=person(p["login"], p["actor"], bots),
        merged_at=when(p["merged_at"]),
        base_branch=p["base"],
        labels=tuple(p["labels"]),
        merge_commit=p["merge_commit"],
        how="api",
    )


def assemble(
    config: Config,
    projects: list[ProjectConfig],
    window: tuple[datetime, datetime],
    pulls: list[dict[str, Any]],
    repos: dict[str, dict[str, Any]],
    issues: list[dict[str, Any]],
) -> Collected:
    bots = {b.lower() for b in config.policy.bots}
    start, end = window
    collected = Collected()
    by_repo: dict[str, list[dict[str, Any]]] = {}
    for p in pulls:
        by_repo.setdefault(p["repo"].lower(), []).append(p)
    issues_by_repo: dict[str, list[dict[str, Any]]] = {}
    for i in issues:
        issues_by_repo.setdefault(i["repo"].lower(), []).append(i)
    for project in projects:
        info = repos.get(project.repo) or {}
        default = project.default_branch or info.get("default_branch") or "main"
        activity = RepoActivity(repo=project.repo, default_branch=default)
        mine = [
            p for p in by_repo.get(project.repo.lower(), []) if start <= when(p["merged_at"]) < end
        ]
        activity.pulls = [pull_request(project.repo, p, bots) for p in mine]
        activity.pulls.sort(key=lambda p: (p.merged_at, p.number))
        _releases(project, activity, info, window)
        activity.commits = sorted(
            (
                Commit(
                    repo=project.repo,
                    sha=c["oid"],
                    title=c["title"],
                    url=c["url"] or f"{project.url}/commit/{c['oid']}",
                    author=(
                        replace(person(c["login"], "User", bots), name=c["name"] or c["login"])
                        if c["login"]
                        else Person(
                            name=c["name"], login=None, verified=False, bot=is_bot_name(c["name"])
                        )
                    ),
                    committed_at=when(c["committed_at"]),
                    branch=c["branch"],
                )
                for c in info.get("commits", [])
                if not c["pull"] and start <= when(c["committed_at"]) < end
            ),
            key=lambda c: (c.committed_at, c.sha),
        )
        activity.issues = sorted(
            (
                IssueRef(
                    repo=project.repo,
                    number=i["number"],
                    title=i["title"],
                    url=i["url"],
                    labels=tuple(i["labels"]),
                    created_at=when(i["created_at"]),
                )
                for i in issues_by_repo.get(project.repo.lower(), [])
            ),
            key=lambda i: i.number,
        )
        activity.warnings.extend(
            f"{project.repo}: branch {branch!r} not found on GitHub; skipped"
            for branch in info.get("missing_branches", [])
        )
        collected.activities[project.repo] = activity
    _discovered(collected, projects, window, by_repo, bots)
    return collected


def _discovered(
    collected: Collected,
    projects: list[ProjectConfig],
    window: tuple[datetime, datetime],
    by_repo: dict[str, list[dict[str, Any]]],
    bots: set[str],
) -> None:
    """The organization's other repositories with PRs merged in the window: candidates
    for a "new project" section. Archived repositories and forks stay out (unless a
    project names them, which makes them configured)."""
    start, end = window
    configured = {p.repo.lower() for p in projects}
    for pulls in by_repo.values():
        mine = [p for p in pulls if start <= when(p["merged_at"]) < end]
        if not mine or mine[0]["repo"].lower() in configured:
            continue
        if any(p.get("archived") or p.get("fork") for p in mine):
            continue
        repo = mine[0]["repo"]
        activity = RepoActivity(repo=repo, default_branch=mine[0].get("default_branch") or "main")
        activity.pulls = sorted(
            (pull_request(repo, p, bots) for p in mine),
            key=lambda p: (p.merged_at, p.number),
        )
        collected.discovered[repo] = activity


def _releases(
    project: ProjectConfig,
    activity: RepoActivity,
    info: dict[str, Any],
    window: tuple[datetime, datetime],
) -> None:
    refs = {
        t["name"]: Ref(name=f"refs/tags/{t['name']}", sha=t["oid"], date=when(t["date"]))
        for t in info.get("tags", [])
    }
    versions = package_versions(project, refs)
    start, end = window
    releases: list[Release] = []
    for package, tags in versions.items():
        for i, tag in enumerate(tags):
            if tag.date is None or not start <= tag.date < end:
                continue
            prev = previous_version(tags, i)
            releases.append(
                Release(
                    repo=project.repo,
                    package=package,
                    version=tag.version,
                    tag=tag.tag,
                    date=tag.date,
                    previous=prev.version if prev else None,
                    url=f"{project.url}/releases/tag/{tag.tag}",
                )
            )
    activity.releases = sorted(releases, key=lambda r: (r.date, r.package))
    for i, pull in enumerate(activity.pulls):
        if pull.base_branch != activity.default_branch:
            continue
        first = []
        for package, tags in versions.items():
            for tag in tags:
                if tag.date is not None and tag.date >= pull.merged_at:
                    first.append(ReleaseRef(package, tag.version, tag.tag, tag.date))
                    break
        if first:
            activity.pulls[i] = replace(pull, released_in=tuple(first))
