"""Tags as releases: which tags belong to which package, in version order.

Both sources read releases through this module (the git source from its clone's tags,
the GitHub source from the API's), so they agree on packages, versions and previous
versions.

A package's tags are ``{tag_prefix}{version}``; the legacy ``{name}-{version}`` form
(``multiboot2-0.3.1``, ``linked_list_allocator-0.2.3``) is accepted too. A version must
start with a digit, so package ``multiboot2`` never takes ``multiboot2-header-v0.9.0``.
Tags whose version does not parse are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
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
    path: Path,
    versions: dict[str, list[TagVersion]],
    merges: list[tuple[str, datetime]],
    rev_list: Callable[[Path, str, datetime], set[str]] = rev_list_since,
) -> dict[str, tuple[ReleaseRef, ...]]:
    """For each merge commit, per package, the release that first shipped it.

    That is the earliest tag holding the commit (the lower version on a tie). By date,
    not by version: a backport line (``v0.9.15`` made after ``v0.10.0-beta``) ships its
    own fixes, and a stray low tag made years later (``v0.0.1-alpha.2``) ships nothing
    new. Each tag is read at most once, with a ``rev-list`` cut at the month, and for
    each merge the search stops at the first tag holding it. ``rev_list`` answers as
    git_log.rev_list_since does (git_walks shares one walk per tag among months).
    """
    if not merges:
        return {}
    earliest = min(when for _, when in merges)
    since = earliest - SLACK
    wanted = {sha for sha, _ in merges}
    reach: dict[str, set[str]] = {}

    def holds(tag: TagVersion, sha: str) -> bool:
        if tag.sha not in reach:
            reach[tag.sha] = rev_list(path, tag.sha, since) & wanted
        return sha in reach[tag.sha]

    # Per package: the tags made since the earliest merge, in date order.
    ordered: dict[str, tuple[list[datetime], list[TagVersion]]] = {}
    for package, tags in versions.items():
        dated = sorted(
            (t for t in tags if t.date is not None and t.date >= earliest),
            key=lambda t: (t.date, t.parsed),
        )
        ordered[package] = ([t.date for t in dated if t.date is not None], dated)

    out: dict[str, tuple[ReleaseRef, ...]] = {}
    for sha, when in merges:
        refs = []
        for package, (dates, dated) in ordered.items():
            start = bisect_left(dates, when)  # a tag made before the merge cannot hold it
            hit = next((t for t in dated[start:] if holds(t, sha)), None)
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
