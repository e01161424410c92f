"""The document model: the template context of one issue.

It is what compose decides and render shows, and nothing else: no Markdown here. It dumps
to JSON (``thismonth draft --context``) and loads back (``--from-context``), so an editor
can inspect or hand-edit the decisions before rendering, as with git-cliff's context.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from thismonth.models import Person, ReleaseRef, jsonable


@dataclass
class PersonLink:
    """A login shown as ``[@login](url)``; ``url`` is None for an unverified name."""

    login: str
    url: str | None


@dataclass
class Entry:
    """One line of a project's changelog: a merged PR or a direct commit."""

    key: str  # stable identity, "owner/repo#123" or "owner/repo@abcdef123456"
    kind: str  # "pull" | "commit"
    title: str
    url: str
    author: Person
    action: str  # "list" | "comment"
    branch: str
    number: int | None = None
    group: str | None = None
    published_as: list[ReleaseRef] = field(default_factory=list)


class _Entries:
    """What a list of entries shows (``listed``) and keeps commented out."""

    entries: list[Entry]

    @property
    def listed(self) -> list[Entry]:
        return [e for e in self.entries if e.action == "list"]

    @property
    def commented(self) -> list[Entry]:
        return [e for e in self.entries if e.action == "comment"]


@dataclass
class BranchSection(_Entries):
    """Work merged into a development branch (``next``), shown apart from the main list."""

    branch: str
    entries: list[Entry]


@dataclass
class ReleaseNote:
    package: str
    version: str
    previous: str | None
    tag: str
    url: str | None = None


@dataclass
class ProjectSection(_Entries):
    key: str  # "owner/repo"
    name: str
    url: str
    maintainers: list[PersonLink]
    description: str
    entries: list[Entry]  # into the default branch, merge order
    branches: list[BranchSection] = field(default_factory=list)
    releases: list[ReleaseNote] = field(default_factory=list)
    thanks: list[PersonLink] = field(default_factory=list)
    # Authors of listed work a learned habit left out of the thanks line (``not_thanked``
    # learned, not stated): said in a note, so a habit never drops a name unseen.
    unthanked: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # group order for the template
    heading_style: str = "code-link"  # code-link | code | link | plain
    new: bool = False  # a repository nobody configured (compose.discovered)

    @property
    def all_entries(self) -> list[Entry]:
        return self.entries + [e for b in self.branches for e in b.entries]

    @property
    def thanked_items(self) -> int:
        """How many listed items the thanked people wrote: "contribution" or "contributions"."""
        names = {t.login.lower() for t in self.thanks}
        return sum(
            1
            for e in self.all_entries
            if e.action == "list" and (e.author.key in names or e.author.name.lower() in names)
        )

    @property
    def has_news(self) -> bool:
        """A project with only commented-out entries gets a comment, not a section."""
        return bool(self.releases) or any(e.action == "list" for e in self.all_entries)

    def version_label(self, package: str, version: str) -> str:
        """``v1.2`` for the project's own crate, ``uefi-raw v1.2`` for another of its crates."""
        if package in (self.name, self.key.split("/", 1)[-1]):
            return f"v{version}"
        return f"{package} v{version}"

    def grouped(self) -> list[tuple[str | None, list[Entry]]]:
        """Listed entries by group, groups in configured order, ungrouped first."""
        order = {g: i for i, g in enumerate(self.groups)}
        buckets: dict[str | None, list[Entry]] = {}
        for e in self.listed:
            buckets.setdefault(e.group, []).append(e)
        return sorted(
            buckets.items(), key=lambda kv: -1 if kv[0] is None else order.get(kv[0], len(order))
        )


@dataclass
class CfpItem:
    repo: str
    name: str
    number: int
    title: str
    url: str


@dataclass
class IssueDoc:
    newsletter: str
    title: str
    month: str  # "2022-04"
    month_label: str  # "April 2022"
    editors: list[str]
    front_matter: str  # zola | hugo | jekyll
    intro: str
    projects_heading: str
    projects_intro: str
    projects: list[ProjectSection]
    call_for_participation: str
    cfp: list[CfpItem]
    other_projects: str
    join_us: str
    date: str | None = None  # set by publish
    github_url: str = "https://github.com"
    warnings: list[str] = field(default_factory=list)
    editors_key: str = "editors"  # the front-matter key: "editors" or "authors"
    # [[newsletter.sections]] as dicts (heading, kind, intro, template, commented);
    # empty: the built-in order (projects, Call for Participation, Other Projects, Join Us)
    layout: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sections(self) -> list[ProjectSection]:
        return [p for p in self.projects if p.has_news]

    @property
    def quiet(self) -> list[ProjectSection]:
        return [p for p in self.projects if not p.has_news and p.all_entries]

    def to_json(self) -> dict[str, Any]:
        return jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssueDoc:
        def entry(d: dict[str, Any]) -> Entry:
            return Entry(
                **{
                    **d,
                    "author": Person(**d["author"]),
                    "published_as": [
                        ReleaseRef(**{**r, "date": _dt(r.get("date"))})
                        for r in d.get("published_as", [])
                    ],
                }
            )

        def project(d: dict[str, Any]) -> ProjectSection:
            return ProjectSection(
                **{
                    **d,
                    "maintainers": [PersonLink(**m) for m in d["maintainers"]],
                    "entries": [entry(e) for e in d["entries"]],
                    "branches": [
                        BranchSection(b["branch"], [entry(e) for e in b["entries"]])
                        for b in d.get("branches", [])
                    ],
                    "releases": [ReleaseNote(**r) for r in d.get("releases", [])],
                    "thanks": [PersonLink(**t) for t in d.get("thanks", [])],
                }
            )

        return cls(
            **{
                **data,
                "projects": [project(p) for p in data["projects"]],
                "cfp": [CfpItem(**c) for c in data.get("cfp", [])],
            }
        )


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
