"""Normalized activity records: what every source yields, whatever it read.

The git source and the GitHub source produce these same records, so compose and
render never know where the data came from, and a snapshot file is just these records
as JSON. Datetimes are timezone-aware; sources keep the offset they found and
compose converts to the newsletter's zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Person:
    """Who wrote something. ``login`` is a GitHub login when it is known (``verified``).

    ``via`` says how the login was found, for the order of evidence (docs/learning.md):
    ``""`` the forge said so, ``"noreply"`` the commit's own noreply e-mail, ``"logins"``
    ``[policy.logins]`` (stated or learned from the archive), ``"head"`` the
    head repository's owner where it looks like the author or is a person seen elsewhere,
    ``"commits"`` the author's other commits (a noreply address, an owner that looks like
    them, a known login with their name's letters), ``"history"`` only owners that look
    like nobody voted for by the author's other commits, ``"fork"`` the head repository's
    owner where nothing says it is the author (an organization's fork). The last two are
    inferred (:attr:`inferred`): a login the editors' own thanks lines taught beats them.
    """

    name: str
    login: str | None = None
    verified: bool = True
    bot: bool = False
    via: str = ""

    @property
    def key(self) -> str:
        return (self.login or self.name).lower()

    @property
    def inferred(self) -> bool:
        """The login is git's best guess, not a fact (``history`` or ``fork``)."""
        return self.via in INFERRED


INFERRED = frozenset({"history", "fork"})


@dataclass(frozen=True)
class ReleaseRef:
    """ "This PR first shipped in ``package`` ``version``"."""

    package: str
    version: str
    tag: str
    date: datetime | None = None


@dataclass(frozen=True)
class PullRequest:
    repo: str  # "owner/name"
    number: int
    title: str
    url: str
    author: Person
    merged_at: datetime
    base_branch: str
    labels: tuple[str, ...] = ()
    merge_commit: str | None = None
    released_in: tuple[ReleaseRef, ...] = ()
    how: str = "merge"  # merge | squash | bors | homu | rebase | api

    @property
    def key(self) -> str:
        return f"{self.repo}#{self.number}"


@dataclass(frozen=True)
class Commit:
    """A direct commit on a development branch that came from no pull request."""

    repo: str
    sha: str
    title: str
    url: str
    author: Person
    committed_at: datetime
    branch: str

    @property
    def key(self) -> str:
        return f"{self.repo}@{self.sha[:12]}"


@dataclass(frozen=True)
class Release:
    """A version of one package, from a tag (git) or a GitHub release."""

    repo: str
    package: str
    version: str
    tag: str
    date: datetime
    previous: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class IssueRef:
    """An open issue, a Call for Participation candidate."""

    repo: str
    number: int
    title: str
    url: str
    labels: tuple[str, ...] = ()
    created_at: datetime | None = None


@dataclass
class RepoActivity:
    """Everything one repository did in one month."""

    repo: str
    default_branch: str
    pulls: list[PullRequest] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    issues: list[IssueRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoActivity:
        def person(d: dict[str, Any]) -> Person:
            return Person(**d)

        def dt(v: str | None) -> datetime | None:
            return datetime.fromisoformat(v) if v else None

        pulls = [
            PullRequest(
                **{
                    **p,
                    "author": person(p["author"]),
                    "merged_at": dt(p["merged_at"]),
                    "labels": tuple(p.get("labels", ())),
                    "released_in": tuple(
                        ReleaseRef(**{**r, "date": dt(r.get("date"))})
                        for r in p.get("released_in", ())
                    ),
                }
            )
            for p in data.get("pulls", [])
        ]
        commits = [
            Commit(**{**c, "author": person(c["author"]), "committed_at": dt(c["committed_at"])})
            for c in data.get("commits", [])
        ]
        releases = [Release(**{**r, "date": dt(r["date"])}) for r in data.get("releases", [])]
        issues = [
            IssueRef(
                **{**i, "labels": tuple(i.get("labels", ())), "created_at": dt(i.get("created_at"))}
            )
            for i in data.get("issues", [])
        ]
        return cls(
            repo=data["repo"],
            default_branch=data["default_branch"],
            pulls=pulls,
            commits=commits,
            releases=releases,
            issues=issues,
            warnings=list(data.get("warnings", [])),
        )


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def fold_name(name: str) -> str:
    """A person's name or login compared loosely: "Isaac Woods" and ``IsaacWoods`` meet.

    Git often knows an author only by name; the thanks line (who is a maintainer) and
    the login table learned from the archive both match names to logins this way.
    """
    return "".join(ch for ch in name.lower() if ch.isalnum())


def clear_winner(votes: Counter[str] | None) -> str | None:
    """The login with at least twice the evidence of any other, if any: how both git's
    identity votes and the archive's thanks-line votes decide, so one stray vote (a
    maintainer's push onto a contributor's branch) never names a person."""
    if not votes:
        return None
    (login, count), *rest = votes.most_common(2)
    return login if not rest or count >= 2 * rest[0][1] else None


def name_words(name: str) -> list[str]:
    """The folded words of a person's name: "Yuuki Takano" -> ["yuuki", "takano"]."""
    return [w for w in (fold_name(part) for part in name.replace("-", " ").split()) if w]


def resembles(login: str, name: str) -> bool:
    """Does ``login`` look like the login of someone called ``name``?

    Only shapes people commonly pick: the name itself (``RaitoBezarius``), the initial and
    the surname (``ytakano``), or the surname or given name inside the login (``fslongjin``,
    ``paulsohn``) when that word is long enough (4 letters) not to meet by chance. Used to
    corroborate evidence and to break ties between a few candidates, never as a match on
    its own: ``"Ana Li"`` resembles many logins.
    """
    folded = fold_name(login)
    words = name_words(name)
    if not folded or not words:
        return False
    if folded == "".join(words):
        return True
    if len(words) >= 2 and folded in (words[0][0] + words[-1], words[0] + words[-1][0]):
        return True
    return any(len(w) >= 4 and w in folded for w in (words[0], words[-1]))
