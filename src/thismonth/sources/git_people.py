"""Who wrote a commit: GitHub logins from what git records.

Git stores a name and an e-mail, not a login. A login is certain when it comes from a
GitHub noreply address (``123+login@users.noreply.github.com``) and likely when a merge
message names it (``from OWNER/BRANCH``, ``OWNER:BRANCH``, bors' ``a=LOGIN``) next to the
branch author's name and e-mail. :class:`IdentityBook` counts such evidence from a
bounded scan of recent history (all repositories of a newsletter pool theirs), so an
author who used a personal e-mail on a squash merge still gets the login seen on their
other work. Evidence is voted on: a maintainer who pushed a fix onto a contributor's
branch is that branch's tip author once, and must not take the contributor's login.
A name with no evidence stays a name, ``verified=False``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from thismonth.config import is_bot_name
from thismonth.models import Person
from thismonth.sources.git_log import Warn, split_records
from thismonth.sources.git_run import GitFailed, run_git

# Bounds of the identity scan: recent enough to be cheap, long enough to meet most people.
HISTORY_DAYS = 3650
HISTORY_COMMITS = 2000
CERTAIN = 100  # the weight of a noreply address: it names the login outright

_HEAD_OWNER = re.compile(
    r"^(?:Merge pull request #\d+ from ([^/\s]+)/|Auto merge of #\d+ - ([^:\s]+):)"
)
_BORS_AUTHOR = re.compile(r"^\d+: .* a=([\w-]+)\s*$", re.M)

_NOREPLY = re.compile(r"^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$", re.I)
_COAUTHOR = re.compile(r"^Co-authored-by:\s*(.+?)\s*<([^>]*)>\s*$", re.M | re.I)


def login_from_email(email: str) -> str | None:
    m = _NOREPLY.match(email.strip())
    return m.group(1) if m else None


def person_from_login(login: str) -> Person:
    return Person(name=login, login=login, verified=True, bot=is_bot_name(login))


def coauthors(message: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _COAUTHOR.finditer(message)]


def _winner(votes: Counter[str] | None) -> str | None:
    """The login with at least twice the evidence of any other, if any."""
    if not votes:
        return None
    top = votes.most_common(2)
    login, count = top[0]
    runner_up = top[1][1] if len(top) > 1 else 0
    return login if count >= 2 * runner_up else None


def _compact(text: str) -> str:
    return re.sub(r"[\s_.-]+", "", text).lower()


class IdentityBook:
    """Name and e-mail to login pairs seen in this repository's merges and commits."""

    def __init__(self) -> None:
        self._by_email: dict[str, Counter[str]] = {}
        self._by_name: dict[str, Counter[str]] = {}
        self._logins: dict[str, str] = {}  # compact form -> login

    def know(self, login: str) -> None:
        """A login that exists (a maintainer, a merge's head owner): ``Isaac Woods`` may
        then resolve to ``IsaacWoods``."""
        if login and not is_bot_name(login):
            self._logins.setdefault(_compact(login), login)

    def learn_history(
        self, path: Path, owner: str, until: datetime, warn: Warn | None = None
    ) -> None:
        """Learn identities from recent history, one bounded ``git log`` over branches and tags.

        At most HISTORY_COMMITS commits of the HISTORY_DAYS before ``until``, so the cost
        does not grow with the repository's age.
        """
        fmt = "%x00".join(["%H", "%P", "%an", "%ae", "%s", "%b"])  # see git_log._FIELDS
        since = until - timedelta(days=HISTORY_DAYS)
        try:
            out = run_git(
                path,
                [
                    "log",
                    "-z",
                    "--branches",
                    "--tags",
                    "--remotes",
                    f"--since={int(since.timestamp())}",
                    f"--until={int(until.timestamp()) + 31 * 86400}",
                    f"--max-count={HISTORY_COMMITS}",
                    f"--format={fmt}",
                ],
            )
        except GitFailed as exc:
            if warn is not None:
                warn(f"{path}: could not read recent history for authors' logins: {exc.message}")
            return
        authors: dict[str, tuple[str, str]] = {}
        merges: list[tuple[str, str]] = []  # (second parent, login)
        records, left = split_records(out, 6)
        if left and warn is not None:
            warn(f"{path}: git log output ended inside a record; people learned from less")
        for sha, parents, name, email, subject, body in records:
            authors[sha] = (name, email)
            self.learn_commit(name, email)
            m = _HEAD_OWNER.match(subject)
            plist = parents.split()
            if m and len(plist) > 1:
                login = m.group(1) or m.group(2)
                if login.lower() != owner.lower():
                    self.know(login)
                    merges.append((plist[1], login))
            elif subject.startswith("Merge #"):
                for bm in _BORS_AUTHOR.finditer(body):
                    self.know(bm.group(1))
                people = coauthors(body)
                logins = set(_BORS_AUTHOR.findall(body))
                if len(people) == 1 and len(logins) == 1:
                    self.learn(people[0][0], people[0][1], logins.pop())
        for tip, login in merges:
            if tip in authors:
                name, email = authors[tip]
                if not login_from_email(email):
                    self.learn(name, email, login)

    def learn(self, name: str, email: str, login: str, weight: int = 1) -> None:
        """One piece of evidence that ``name <email>`` is ``login``.

        Evidence is counted, not trusted blindly: a maintainer who pushed a fix onto a
        contributor's branch is the tip's author once, the contributor's name many times.
        """
        if not login or is_bot_name(login) or is_bot_name(name):
            return
        if email and not email.lower().endswith("noreply@github.com"):
            self._by_email.setdefault(email.lower(), Counter())[login] += weight
        if name:
            self._by_name.setdefault(name.strip().lower(), Counter())[login] += weight

    def learn_commit(self, name: str, email: str) -> None:
        login = login_from_email(email)
        if login:
            self.learn(name, email, login, weight=CERTAIN)

    def person(self, name: str, email: str) -> Person:
        """The author of a commit: a login when known, else the name, unverified."""
        login = login_from_email(email)
        if login:
            return Person(name=name or login, login=login, verified=True, bot=is_bot_name(login))
        if is_bot_name(name):
            return Person(name=name, login=name, verified=True, bot=True)
        known = (
            _winner(self._by_email.get(email.lower()))
            or _winner(self._by_name.get(name.strip().lower()))
            or self._logins.get(_compact(name))
        )
        if known:
            return Person(name=name, login=known, verified=True, bot=False)
        return Person(name=name or email, login=None, verified=False, bot=False)
