"""Tags as releases: which tags belong to which package, in version order.

A package's tags are ``{tag_prefix}{version}``; the legacy ``{name}-{version}`` form
(``multiboot2-0.3.1``, ``linked_list_allocator-0.2.3``) is accepted too. A version must
start with a digit, so package ``multiboot2`` never takes ``multiboot2-header-v0.9.0``.
Tags whose version does not parse are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from packaging.version import InvalidVersion, Version

from thismonth.config import Package, ProjectConfig
from thismonth.models import ReleaseRef
from thismonth.sources.git_log import SLACK, rev_list_since
from thismonth.sources.git_run import Ref

_VERSION_START = re.compile(r"^\d")


@dataclass(frozen=True)
class TagVersion:
    package: str
    version: str  # as written in the tag, without the prefix
    parsed: Version
    tag: str
    sha: str
    date: datetime | None
    legacy: bool  # matched a legacy form, not the configured prefix


def packages_of(project: ProjectConfig) -> list[tuple[Package, bool]]:
    """The packages to look for; (package, bare) where bare also takes ``X.Y.Z`` tags."""
    if project.packages:
        return [(p, False) for p in project.packages]
    return [(Package(project.short, "v"), True)]


def _parse_version(text: str) -> Version | None:
    if not _VERSION_START.match(text):
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _candidates(package: Package, bare: bool) -> list[tuple[str, bool]]:
    """(prefix, legacy) pairs to try for a package."""
    out = [(package.tag_prefix, False)]
    for name in dict.fromkeys([package.name, package.name.replace("-", "_")]):
        legacy = f"{name}-"
        if legacy != package.tag_prefix:
            out.append((legacy, True))
    if bare and package.tag_prefix != "":
        out.append(("", True))
    return out


def package_versions(project: ProjectConfig, tags: dict[str, Ref]) -> dict[str, list[TagVersion]]:
    """Each package's tags, sorted by version (one tag per version, configured form first)."""
    result: dict[str, list[TagVersion]] = {}
    for package, bare in packages_of(project):
        by_version: dict[Version, TagVersion] = {}
        for prefix, legacy in _candidates(package, bare):
            for tag, ref in tags.items():
                if not tag.startswith(prefix):
                    continue
                text = tag[len(prefix) :]
                parsed = _parse_version(text)
                if parsed is None:
                    continue
                current = by_version.get(parsed)
                if current is not None and not (current.legacy and not legacy):
                    continue
                by_version[parsed] = TagVersion(
                    package.name, text, parsed, tag, ref.sha, ref.date, legacy
                )
        result[package.name] = [by_version[v] for v in sorted(by_version)]
    return result


def tagged_between(
    versions: dict[str, list[TagVersion]], start: datetime, end: datetime
) -> list[tuple[TagVersion, TagVersion | None]]:
    """Tags dated in [start, end) with the previous release of their package, by date."""
    out = []
    for tags in versions.values():
        for i, tag in enumerate(tags):
            if tag.date is not None and start <= tag.date < end:
                out.append((tag, previous_version(tags, i)))
    return sorted(out, key=lambda pair: (pair[0].date, pair[0].package))


def first_releases(
    path: Path, versions: dict[str, list[TagVersion]], merges: list[tuple[str, datetime]]
) -> dict[str, tuple[ReleaseRef, ...]]:
    """For each merge commit, per package, the release that first shipped it.

    That is the first tag in version order holding the commit, above every version
    already out when it merged (a stray low tag made later, such as
    ``v0.0.1-alpha.2`` on a 2021 commit, is not its release); failing that (a backport
    branch), the first tag holding it at all. Each tag is read once, with a ``rev-list``
    cut at the month, and only tags made after the earliest merge are read.
    """
    if not merges:
        return {}
    earliest = min(when for _, when in merges)
    since = earliest - SLACK
    wanted = {sha for sha, _ in merges}
    reach: dict[str, set[str]] = {}

    def holds(tag: TagVersion, sha: str) -> bool:
        if tag.date is not None and tag.date < earliest:
            return False
        if tag.sha not in reach:
            reach[tag.sha] = rev_list_since(path, tag.sha, since) & wanted
        return sha in reach[tag.sha]

    # Per package: tag dates in order, with the highest version out by each.
    floors: dict[str, tuple[list[datetime], list[Version], list[Version]]] = {}
    for package, tags in versions.items():
        dated = sorted((t for t in tags if t.date is not None), key=lambda t: t.date)
        best: list[Version] = []
        for t in dated:
            best.append(max(best[-1], t.parsed) if best else t.parsed)
        floors[package] = ([t.date for t in dated], best, [t.parsed for t in tags])

    out: dict[str, tuple[ReleaseRef, ...]] = {}
    for sha, when in merges:
        refs = []
        for package, tags in versions.items():
            dates, best, parsed = floors[package]
            i = bisect_left(dates, when)  # tags made before the merge
            start = bisect_right(parsed, best[i - 1]) if i else 0
            hit = next((t for t in tags[start:] if holds(t, sha)), None)
            if hit is None:
                hit = next((t for t in tags if holds(t, sha)), None)
            if hit is not None:
                refs.append(ReleaseRef(package, hit.version, hit.tag, hit.date))
        out[sha] = tuple(refs)
    return out


def previous_version(versions: list[TagVersion], index: int) -> TagVersion | None:
    """The release before ``versions[index]``; pre-releases are skipped for a final one."""
    current = versions[index]
    for earlier in reversed(versions[:index]):
        if current.parsed.is_prerelease or not earlier.parsed.is_prerelease:
            return earlier
    return None
