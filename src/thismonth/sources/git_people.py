"""Who wrote a commit: GitHub logins from what git records.

Git stores a name and an e-mail, not a login. A login is certain when it comes from a
merge message (``from OWNER/BRANCH``, ``OWNER:BRANCH``, bors' ``a=LOGIN``) or from a
GitHub noreply address (``123+login@users.noreply.github.com``). :class:`IdentityBook`
learns these pairs from the commits already read for the month, so an author who used
a personal e-mail on a squash merge still gets the login seen on their other work.
"""

from __future__ import annotations

import re

from thismonth.models import Person

_NOREPLY = re.compile(r"^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$", re.I)
_BOT_NAMES = frozenset(
    {
        "dependabot",
        "dependabot-preview",
        "renovate",
        "renovate-bot",
        "github-actions",
        "bors",
        "homu",
        "homunkulus",
        "pre-commit-ci",
        "mergify",
    }
)
_COAUTHOR = re.compile(r"^Co-authored-by:\s*(.+?)\s*<([^>]*)>\s*$", re.M | re.I)


def is_bot_name(text: str) -> bool:
    low = text.strip().lower()
    return low.endswith("[bot]") or low in _BOT_NAMES


def login_from_email(email: str) -> str | None:
    m = _NOREPLY.match(email.strip())
    return m.group(1) if m else None


def person_from_login(login: str) -> Person:
    return Person(name=login, login=login, verified=True, bot=is_bot_name(login))


def coauthors(message: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _COAUTHOR.finditer(message)]


class IdentityBook:
    """Name and e-mail to login pairs seen in this repository's merges and commits."""

    def __init__(self) -> None:
        self._by_email: dict[str, str] = {}
        self._by_name: dict[str, str] = {}

    def learn(self, name: str, email: str, login: str) -> None:
        if not login or is_bot_name(login) or is_bot_name(name):
            return
        if email and not email.lower().endswith("noreply@github.com"):
            self._by_email.setdefault(email.lower(), login)
        if name:
            self._by_name.setdefault(name.strip().lower(), login)

    def learn_commit(self, name: str, email: str) -> None:
        login = login_from_email(email)
        if login:
            self.learn(name, email, login)

    def person(self, name: str, email: str) -> Person:
        """The author of a commit: a login when known, else the name, unverified."""
        login = login_from_email(email)
        if login:
            return Person(name=name or login, login=login, verified=True, bot=is_bot_name(login))
        if is_bot_name(name):
            return Person(name=name, login=name, verified=True, bot=True)
        known = self._by_email.get(email.lower()) or self._by_name.get(name.strip().lower())
        if known:
            return Person(name=name, login=known, verified=True, bot=False)
        return Person(name=name or email, login=None, verified=False, bot=False)
