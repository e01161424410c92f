"""Git names -> GitHub logins, learned from who the editors thanked for which PRs.

Git records a name and an e-mail, not a login; a thanks line records logins. In one
project of one issue, the listed PRs' git authors and the thanked logins are the same
people (minus maintainers and bots), so a git name is matched to a thanked login when
the two fold to the same letters ("Isaac Woods" -> IsaacWoods), or when it is the only
unmatched name left for the only unmatched login. Votes across issues decide; a name
whose issues disagree is left out (and reported), never guessed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from thismonth.archive.records import ArchivedIssue
from thismonth.models import Person, PullRequest, fold_name
from thismonth.months import Month


@dataclass
class LearnedLogins:
    logins: dict[str, str] = field(default_factory=dict)  # git name -> login
    evidence: dict[str, list[str]] = field(default_factory=dict)  # name -> "2024-05 repo#12"
    conflicts: list[str] = field(default_factory=list)


def pairs_to_fetch(issues: Iterable[ArchivedIssue]) -> list[tuple[str, Month]]:
    """(repo, month) of every project section with a thanks line and listed PRs."""
    out = []
    for issue in issues:
        for project in issue.projects:
            if project.thanks and any(i.kind == "pull" for i in project.listed):
                pair = (str(project.repo), issue.month)
                if pair not in out:
                    out.append(pair)
    return out


def learn_logins(
    issues: Iterable[ArchivedIssue],
    pulls: Callable[[str, Month], list[PullRequest]],
    *,
    known: Callable[[Person], bool] = lambda p: False,
) -> LearnedLogins:
    """Votes of every issue; ``pulls(repo, month)`` gives the month's PRs from git and
    ``known(person)`` says a person is a bot (never mapped)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
    for issue in issues:
        for project in issue.projects:
            numbers = {i.number for i in project.listed if i.kind == "pull"}
            if not project.thanks or not numbers:
                continue
            thanked = {t.login.lower(): t.login for t in project.thanks}
            authors = [
                p.author for p in pulls(str(project.repo), issue.month) if p.number in numbers
            ]
            unmatched = dict(thanked)
            # A maintainer's PRs are not thanked: their git name must not take a login.
            keepers = {fold_name(m.login) for m in project.maintainers}
            names: dict[str, str] = {}  # folded -> git name, authors without a sure login
            where = f"{issue.month} {project.repo}"
            for person in authors:
                if known(person):
                    continue
                if person.login and person.verified:
                    unmatched.pop(person.login.lower(), None)
                    continue
                if fold_name(person.name) not in keepers:
                    names.setdefault(fold_name(person.name), person.name)
            for key, name in list(names.items()):
                hit = next(
                    (login for low, login in unmatched.items() if fold_name(low) == key), None
                )
                if hit:
                    votes[name][hit] += 1
                    evidence[(name, hit)].append(where)
                    unmatched.pop(hit.lower())
                    names.pop(key)
            if len(names) == 1 and len(unmatched) == 1:
                name = next(iter(names.values()))
                login = next(iter(unmatched.values()))
                votes[name][login] += 1
                evidence[(name, login)].append(where)
    out = LearnedLogins()
    for name, counter in sorted(votes.items()):
        (login, count), *rest = counter.most_common()
        if rest and rest[0][1] == count:
            out.conflicts.append(f"{name}: thanked as {', '.join(sorted(counter))}")
            continue
        if name.lower() == login.lower():
            continue  # the name is the login already
        out.logins[name] = login
        out.evidence[name] = evidence[(name, login)]
    return out
