"""Editorial policy: ordered first-match rules deciding list, comment or skip, and a group.

Rules come from the project first, then ``[policy] rules``, then the built-in defaults
(bots and dependency bumps are commented out, as the editors do by hand today).
"""

from __future__ import annotations

from dataclasses import dataclass

from thismonth.config import Rule, is_bot_name
from thismonth.models import Person


@dataclass(frozen=True)
class Decision:
    action: str  # list | comment | skip
    group: str | None = None


@dataclass(frozen=True)
class Candidate:
    """What a rule can look at, for a PR or a direct commit alike."""

    kind: str  # pull | commit
    title: str
    author: Person
    branch: str
    labels: tuple[str, ...]
    bot: bool


def is_bot(person: Person, bots: list[str]) -> bool:
    names = {b.lower() for b in bots}
    login = (person.login or "").lower()
    return person.bot or is_bot_name(login) or login in names or person.name.lower() in names


def rule_matches(rule: Rule, item: Candidate) -> bool:
    if rule.kind is not None and rule.kind != item.kind:
        return False
    if rule.bot is not None and rule.bot != item.bot:
        return False
    if (
        rule.author
        and item.author.key not in rule.author
        and item.author.name.lower() not in rule.author
    ):
        return False
    if rule.branch and item.branch not in rule.branch:
        return False
    if rule.labels and not {x.lower() for x in item.labels} & set(rule.labels):
        return False
    return not (rule.title is not None and not rule.title.search(item.title))


def decide(rules: list[Rule], item: Candidate) -> Decision:
    for rule in rules:
        if rule_matches(rule, item):
            return Decision(rule.action, rule.group)
    return Decision("list")
