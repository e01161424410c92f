"""``thismonth init``: a working config from a folder of clones.

It reads what the clones already say (remote URL, HEAD branch, a ``next`` branch, tag
prefixes) so the first draft works before the editor has written a word of config.
The file is built with tomlkit, so names from the clones are quoted correctly.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import tomlkit
from tomlkit.items import Table

from thismonth.config import Config
from thismonth.errors import UsageError
from thismonth.forge import repo_from_remote
from thismonth.sources.git_run import GitFailed, run_git
from thismonth.writing import write_atomic

_TAG = re.compile(r"^(?P<prefix>.*?)(?P<version>\d+\.\d+(\.\d+)?([-+.].*)?)$")
DEV_BRANCH_NAMES = ("next", "develop", "dev")


def _git(path: Path, *args: str) -> str:
    """git's answer, or "" when it has none (no remote, detached HEAD): init guesses."""
    try:
        return run_git(path, list(args)).strip()
    except GitFailed:
        return ""


def find_clones(repos: Path) -> list[Path]:
    if not repos.is_dir():
        raise UsageError(f"--repos {repos}: no such folder")
    clones = [
        p
        for p in sorted(repos.iterdir())
        if p.is_dir() and ((p / ".git").exists() or (p / "HEAD").is_file())
    ]
    if not clones:
        raise UsageError(
            f"--repos {repos}: no git clones in this folder (expected one clone per repository)"
        )
    return clones


def describe_clone(path: Path, org: str | None) -> dict[str, object]:
    name = path.name.removesuffix(".git")
    remote = _git(path, "config", "--get", "remote.origin.url")
    found = repo_from_remote(remote)
    owner = found[0] if found else (org or "OWNER")
    repo_name = found[1] if found else name
    head = _git(path, "symbolic-ref", "--short", "HEAD")
    branches = set(_git(path, "for-each-ref", "--format=%(refname:short)", "refs/heads").split())
    if head not in branches:
        head = next((b for b in ("main", "master") if b in branches), head)
    project: dict[str, object] = {"repo": f"{owner}/{repo_name}", "name": repo_name}
    if name != repo_name:
        project["clone"] = name
    if head:
        project["default_branch"] = head
    dev = [b for b in DEV_BRANCH_NAMES if b in branches and b != head]
    if dev:
        project["dev_branches"] = dev
    project["description"] = f"The `{repo_name}` project ...<<short introduction>>..."
    project["maintainers"] = []
    packages = guess_packages(_git(path, "tag", "--list").split(), repo_name)
    if packages:
        project["packages"] = packages
    return project


def guess_packages(tags: list[str], repo_name: str) -> list[dict[str, str]]:
    """Group tags by prefix: ``uefi-v0.2.0`` and ``uefi-raw-v0.1.0`` are two packages."""
    prefixes: Counter[str] = Counter()
    for tag in tags:
        m = _TAG.match(tag)
        if m:
            prefixes[m.group("prefix")] += 1
    packages = []
    for prefix, _count in sorted(prefixes.items(), key=lambda kv: -kv[1]):
        base = prefix.rstrip("-_").removesuffix("-v").removesuffix("_v").rstrip("-_")
        if prefix in ("", "v"):
            if any(p["name"] == repo_name for p in packages):
                continue
            packages.append({"name": repo_name, "tag_prefix": prefix})
        elif base:
            packages.append({"name": base, "tag_prefix": prefix})
    # The first package is the project's main one ("published as" names it): the one
    # named like the repository (uefi for uefi-rs), else the most tagged.
    stem = repo_name.removesuffix("-rs").removesuffix("_rs").removesuffix(".rs")
    packages.sort(key=lambda p: p["name"] not in (repo_name, stem))
    return packages


def write_config(
    repos: Path, target: Path, *, org: str | None, name: str | None, force: bool
) -> list[str]:
    """Write ``target`` for the clones under ``repos``; returns the repositories found."""
    if target.exists() and not force:
        raise UsageError(f"{target} already exists: pass --force to replace it")
    clones = find_clones(repos)
    projects = [describe_clone(c, org) for c in clones]
    owners = Counter(str(p["repo"]).split("/")[0] for p in projects)
    organization = org or owners.most_common(1)[0][0]
    title_name = name or organization
    doc = tomlkit.document()
    doc.add(tomlkit.comment("thismonth configuration: every key is documented in docs/config.md"))
    news = tomlkit.table()
    news["name"] = title_name
    news["organization"] = organization
    news["title"] = "This Month in {name}: {month_label}"
    news["editors"] = []
    news["timezone"] = "UTC"
    news["output"] = "content/this-month/{month}/index.md"
    news["front_matter"] = "zola"
    news["projects_heading"] = "Project Updates"
    defaults = Config(path=None)
    for key in ("intro", "projects_intro", "call_for_participation", "other_projects", "join_us"):
        value = getattr(defaults.newsletter, key)
        news[key] = tomlkit.string(value, multiline="\n" in value)
    doc["newsletter"] = news
    policy = tomlkit.table()
    policy.add(
        tomlkit.comment(
            "Rules run first-match, project rules first, then these, then built-in defaults"
        )
    )
    policy.add(tomlkit.comment("(bots and dependency bumps are commented out). Example:"))
    policy.add(tomlkit.comment('[[policy.rules]] title = "^docs" group = "Documentation"'))
    policy["rules"] = tomlkit.aot()
    doc["policy"] = policy
    aot = tomlkit.aot()
    for project in projects:
        table = tomlkit.table()
        for key, value in project.items():
            if key == "packages":
                continue
            table[key] = value
        add_packages(table, project)
        aot.append(table)
    doc["projects"] = aot
    write_atomic(target, tomlkit.dumps(doc))
    return [str(p["repo"]) for p in projects]


def add_packages(table: Table, project: dict[str, object] | None) -> None:
    """``[[projects.packages]]`` under ``table`` from a project's ``packages`` list, if any."""
    if not project or not project.get("packages"):
        return
    packages = tomlkit.aot()
    for pkg in project["packages"]:  # type: ignore[union-attr]
        t = tomlkit.table()
        t.update(pkg)
        packages.append(t)
    table["packages"] = packages
