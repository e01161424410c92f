"""The fake GitHub's data: what the tests generate and the server serves."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime


def oid(*parts: object) -> str:
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Pull:
    number: int
    title: str
    author: str
    merged_at: datetime | None
    base: str = "main"
    labels: list[str] = field(default_factory=list)
    bot: bool = False  # GitHub App author (__typename Bot)
    merge_commit: str | None = None
    created_at: datetime | None = None
    state: str = "closed"
    body: str = ""


@dataclass
class Tag:
    name: str
    commit: str
    date: datetime  # commit date
    tagger_date: datetime | None = None  # annotated tags


@dataclass
class Commit:
    oid: str
    headline: str
    committed_at: datetime
    author_name: str
    login: str | None = None
    pull: int | None = None


@dataclass
class Issue:
    number: int
    title: str
    labels: list[str]
    created_at: datetime
    state: str = "open"
    body: str = ""
    author: str = "someone"
    closed_at: datetime | None = None


@dataclass
class Release:
    tag: str
    published_at: datetime
    draft: bool = False


@dataclass
class Repo:
    full_name: str
    default_branch: str = "main"
    pulls: list[Pull] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    branches: dict[str, list[Commit]] = field(default_factory=dict)  # newest first or any
    id: int = 0
    archived: bool = False
    fork: bool = False

    @property
    def owner(self) -> str:
        return self.full_name.split("/")[0]

    @property
    def name(self) -> str:
        return self.full_name.split("/")[1]

    def add_pull(self, pull: Pull) -> Pull:
        if pull.merge_commit is None and pull.merged_at is not None:
            pull.merge_commit = oid(self.full_name, "pull", pull.number)
        self.pulls.append(pull)
        return pull


@dataclass
class World:
    repos: dict[str, Repo] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def repo(self, full_name: str, **kw: object) -> Repo:
        if full_name not in self.repos:
            self.repos[full_name] = Repo(full_name, id=len(self.repos) + 1, **kw)  # type: ignore[arg-type]
        return self.repos[full_name]

    def find(self, full_name: str) -> Repo | None:
        low = full_name.lower()
        return next((r for n, r in self.repos.items() if n.lower() == low), None)

    def owners(self) -> set[str]:
        return {r.owner.lower() for r in self.repos.values()}
