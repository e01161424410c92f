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

A head repository's owner is strong evidence only when it looks like the branch's author
(the login resembles the name, or is the e-mail's local part or a label of its domain):
``medhefgo/fix`` tipped by ``Jan Janssen <medhefgo@web.de>``. An owner that resembles
nobody may be an organization's fork (``FrameworkComputer/...`` tipped by a person), so it
counts once and the PR's author says ``via="fork"``, which a login the editors taught
(``[policy.logins]``, learned from the archive) overrides. Each commit is evidence once,
however many scans meet it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from thismonth.config import is_bot_name
from thismonth.models import Person, clear_winner, resembles
from thismonth.models import fold_name as _fold_name
from thismonth.sources.git_history import (
    Record,
    SharedHistory,
    scan,
    window_for,
)
from thismonth.sources.git_log import Warn
from thismonth.sources.git_run import GitFailed

CERTAIN = 100  # the weight of a noreply address: it names the login outright
CORROBORATED = 10  # a head owner that looks like the branch's author (name or e-mail)

_HEAD_OWNER = re.compile(
    r"^(?:Merge pull request #\d+ from ([^/\s]+)/|Auto merge of #\d+ - ([^:\s]+):)"
)
_BORS_AUTHOR = re.compile(r"^\d+: .* a=([\w-]+)\s*$", re.M)

_NOREPLY = re.compile(r"^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$", re.I)
_COAUTHOR = re.compile(r"^Co-authored-by:\s*(.+?)\s*<([^>]*)>\s*$", re.M | re.I)


# Learning replays a dozen months of the same commits: the same names and e-mails are
# folded and parsed again and again, so both are remembered (pure functions of a string).
fold_name = functools.lru_cache(maxsize=1 << 16)(_fold_name)


@functools.lru_cache(maxsize=1 << 16)
def login_from_email(email: str) -> str | None:
    m = _NOREPLY.match(email.strip())
    return m.group(1) if m else None


def person_from_login(login: str, name: str = "") -> Person:
    """The author of a commit whose noreply address names ``login``."""
    return Person(
        name=name or login, login=login, verified=True, bot=is_bot_name(login), via="noreply"
    )


def coauthors(message: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _COAUTHOR.finditer(message)]


def corroborates(login: str, name: str, email: str) -> bool:
    """Does the author ``name <email>`` look like the owner ``login`` (see the module doc)?"""
    if resembles(login, name):
        return True
    folded = fold_name(login)
    local, _, domain = email.lower().partition("@")
    if not folded or not domain or domain.endswith("noreply.github.com"):
        return False
    labels = domain.split(".")[:-1]  # not the top-level domain
    return folded == fold_name(local) or folded in (fold_name(label) for label in labels)


class IdentityBook:
    """Name and e-mail to login pairs seen in this repository's merges and commits."""

    def __init__(self) -> None:
        self._by_email: dict[str, Counter[str]] = {}
        self._by_name: dict[str, Counter[str]] = {}  # folded name -> votes
        self._logins: dict[str, str] = {}  # compact form -> login
        self._people: set[str] = set()  # logins known to be persons (lower case)
        self._seen: set[tuple[str, str]] = set()  # (commit, login): evidence counted once
        self._names: dict[str, Counter[str]] = {}  # e-mail -> the names it wrote under

    def know(self, login: str) -> None:
        """A login that exists (a maintainer, a merge's head owner): ``Isaac Woods`` may
        then resolve to ``IsaacWoods``."""
        if login and not is_bot_name(login):
            self._logins.setdefault(fold_name(login), login)

    def know_person(self, login: str) -> None:
        """A login that is a person's (a maintainer's, a noreply address's): as a head
        repository's owner it is that person's PR, not an organization's fork."""
        if login:
            self._people.add(login.lower())

    def learn_history(
        self,
        path: Path,
        owner: str,
        until: datetime,
        warn: Warn | None = None,
        shared: SharedHistory | None = None,
    ) -> None:
        """Learn identities from recent history, one bounded ``git log`` over branches and tags.

        At most HISTORY_COMMITS commits of the HISTORY_DAYS before ``until``, so the cost
        does not grow with the repository's age. ``shared`` answers with the same commits
        from one scan per clone and run when it can (git_history).
        """
        records = shared.records(path, until) if shared is not None else None
        if records is None:
            try:
                dated, left = scan(path, window_for(until))
            except GitFailed as exc:
                if warn is not None:
                    warn(
                        f"{path}: could not read recent history for authors' logins: {exc.message}"
                    )
                return
            if left and warn is not None:
                warn(f"{path}: git log output ended inside a record; people learned from less")
            records = [record for _, record in dated]
        self.learn_records(records, owner)

    def learn_records(self, records: list[Record], owner: str) -> None:
        """Learn from the identity scan's commits (newest first) of a repository of ``owner``."""
        authors: dict[str, tuple[str, str]] = {}
        merges: list[tuple[str, str]] = []  # (second parent, login)
        for sha, parents, name, email, subject, body in records:
            authors[sha] = (name, email)
            self.learn_commit(name, email, key=sha)
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
                    self.learn(people[0][0], people[0][1], logins.pop(), key=sha)
        for tip, login in merges:
            if tip in authors:
                name, email = authors[tip]
                if not login_from_email(email):
                    self.learn_head(name, email, login, key=tip)

    def learn(
        self, name: str, email: str, login: str, weight: int = 1, *, key: str | None = None
    ) -> None:
        """One piece of evidence that ``name <email>`` is ``login``.

        Evidence is counted, not trusted blindly: a maintainer who pushed a fix onto a
        contributor's branch is the tip's author once, the contributor's name many times.
        ``key`` (the commit) makes evidence count once when the history scan and the
        month's own scan both meet it.
        """
        if not login or is_bot_name(login) or is_bot_name(name):
            return
        if key is not None:
            if (key, login.lower()) in self._seen:
                return
            self._seen.add((key, login.lower()))
        if email and not email.lower().endswith("noreply@github.com"):
            self._by_email.setdefault(email.lower(), Counter())[login] += weight
        if fold_name(name):
            self._by_name.setdefault(fold_name(name), Counter())[login] += weight

    def learn_head(self, name: str, email: str, login: str, *, key: str | None = None) -> None:
        """A merge of ``login``'s branch whose tip ``name <email>`` wrote: strong evidence
        when the two look alike, a single vote otherwise (a fork, a maintainer's rebase)."""
        if corroborates(login, name, email):
            self.know_person(login)
            self.learn(name, email, login, CORROBORATED, key=key)
        else:
            self.learn(name, email, login, key=key)

    def learn_commit(self, name: str, email: str, *, key: str | None = None) -> None:
        if name and email and (key is None or (key, "") not in self._seen):
            if key is not None:
                self._seen.add((key, ""))
            names = self._names.get(email.lower())
            if names is None:  # (not setdefault: a new Counter per commit shows in learning)
                names = self._names[email.lower()] = Counter()
            names[name] += 1
        login = login_from_email(email)
        if login:
            self.know_person(login)
            self.learn(name, email, login, weight=CERTAIN, key=key)

    def person(self, name: str, email: str) -> Person:
        """The author of a commit: a login when known, else the name, unverified."""
        login = login_from_email(email)
        if login:
            return Person(
                name=name or login,
                login=login,
                verified=True,
                bot=is_bot_name(login),
                via="noreply",
            )
        if is_bot_name(name):
            return Person(name=name, login=name, verified=True, bot=True)
        strong = self._strong(name, email) or self._logins.get(fold_name(name))
        if strong:  # a noreply address, a fork that looks like them, their name's letters
            return Person(name=name, login=strong, verified=True, bot=False, via="commits")
        known = clear_winner(self._by_email.get(email.lower())) or clear_winner(
            self._by_name.get(fold_name(name))
        )
        if known:  # only owners that look like nobody: a guess
            return Person(name=name, login=known, verified=True, bot=False, via="history")
        # One e-mail, one person: "snek" and "Gus Caplan" are thanked once, by the name
        # that e-mail wrote most under.
        names = self._names.get(email.lower())
        shown = names.most_common(1)[0][0] if names and name in names else name
        return Person(name=shown or email, login=None, verified=False, bot=False)

    def _strong(self, name: str, email: str) -> str | None:
        """The login ``name <email>`` has strong evidence for (a noreply address, an
        owner that looks like them), if any."""
        for votes in (self._by_email.get(email.lower()), self._by_name.get(fold_name(name))):
            login = clear_winner(votes)
            if login is not None and votes is not None and votes[login] >= CORROBORATED:
                return login
        return None

    def head_owner(self, login: str, name: str = "", email: str = "", merger: str = "") -> Person:
        """The author of a PR merged from ``login``'s repository whose branch tip
        ``name <email>`` wrote and ``merger`` merged: the owner, ``via="head"`` when it looks
        like the tip's author, is a person seen elsewhere, or the tip is the merger's own
        last push; else ``via="fork"`` (a learned login of the tip's author wins)."""
        sure = not name or login.lower() in self._people or corroborates(login, name, email)
        sure = sure or (bool(merger) and fold_name(merger) == fold_name(name))
        if not sure:  # the tip's author is someone else we know: a maintainer's last push
            other = self._strong(name, email) or self._logins.get(fold_name(name))
            sure = other is not None and other.lower() != login.lower()
        # A fork's person keeps the tip author's name, for [policy.logins] to name them.
        return Person(
            name=login if sure else name,
            login=login,
            verified=True,
            bot=is_bot_name(login),
            via="head" if sure else "fork",
        )
