"""What a published issue holds, as plain records (no Markdown, no decisions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thismonth.markdown.text import heading_slug
from thismonth.months import Month


@dataclass(frozen=True)
class LinkedPerson:
    """``[@login](url)`` as the issue wrote it (the url may be an org-people page)."""

    login: str
    url: str


@dataclass
class ArchivedItem:
    """One listed line (``- [title](url)``) or a commented-out one (``<!-- - [..](..) -->``)."""

    url: str
    kind: str  # pull | commit | issue | other
    title: str  # the link text as the editors wrote it
    line: int
    commented: bool = False
    repo: str | None = None  # owner/name for github.com links
    number: int | None = None
    sha: str | None = None
    group: str | None = None  # the ``####`` it sits under
    branch: str | None = None  # from a lead-in "into the `next` branch"
    published_as: list[str] = field(default_factory=list)  # versions, "v0.2.18"


@dataclass
class ArchivedProject:
    """A ``###`` block: a project of the organization, or an outside author's section."""

    heading: str  # the heading text, without the hashes
    name: str  # display name (inside the backticks or the link)
    style: str  # code-link ``[`x`](url)`` | code ``` `x` ``` | link ``[X](url)`` | plain
    line: int
    url: str | None = None
    repo: str | None = None  # owner/name when a github.com link names it
    description: str = ""
    maintainers: list[LinkedPerson] = field(default_factory=list)
    maintainers_line: str = ""  # as written, to learn its markup
    written_by: list[LinkedPerson] = field(default_factory=list)
    items: list[ArchivedItem] = field(default_factory=list)
    thanks: list[LinkedPerson] = field(default_factory=list)
    thanks_lines: list[str] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)  # development branches named in lead-ins
    release_lines: list[str] = field(default_factory=list)  # "is now `v0.13.2` (was `v0.13.1`)"
    groups: list[str] = field(default_factory=list)  # ``####`` headings in order

    @property
    def listed(self) -> list[ArchivedItem]:
        return [i for i in self.items if not i.commented]

    @property
    def commented(self) -> list[ArchivedItem]:
        return [i for i in self.items if i.commented]


@dataclass
class ArchivedSection:
    """A ``##`` section: its heading, intro paragraph, template comments and projects."""

    heading: str
    line: int
    intro: str = ""
    text: str = ""  # the whole body as written (for the closing section)
    comments: list[str] = field(default_factory=list)  # template comments, inner text
    projects: list[ArchivedProject] = field(default_factory=list)
    items: list[ArchivedItem] = field(default_factory=list)  # items outside any ``###``
    commented_out: bool = False  # the whole section sits in a ``<!-- -->``

    @property
    def slug(self) -> str:
        return heading_slug(self.heading)


@dataclass
class ArchivedIssue:
    path: Path
    month: Month
    flavor: str  # zola | yaml
    meta: dict[str, Any]
    editors_key: str  # "authors" or "editors" ("" when the issue names nobody)
    editors: list[str]
    intro: str  # the body before the first ``##`` heading
    sections: list[ArchivedSection]

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def projects(self) -> list[ArchivedProject]:
        """Projects with a repository, in the order of the issue (every section)."""
        return [p for s in self.sections for p in s.projects if p.repo]

    @property
    def closing(self) -> ArchivedSection | None:
        live = [s for s in self.sections if not s.commented_out]
        return live[-1] if live else None
