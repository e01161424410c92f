"""Git names -> GitHub logins, learned from who the editors thanked for which PRs.

Git records a name and an e-mail, not a login; a thanks line records logins. In one
project of one issue, the listed PRs' git authors and the thanked logins are the same
people (minus maintainers and bots). Each such section starts with the authors git could
not name for sure and the thanked logins nobody took, then pairs are taken, surest first:

1. an author whose login git only inferred from their other commits, and whose inferred
   login is thanked: git's guess, confirmed; when it is not thanked, the author is set
   aside (maybe a maintainer, maybe a wrong guess: too unsure to pair). A fork's owner who
   is thanked wrote that PR: the login is taken, but the name of the branch tip's author
   learns nothing; one not thanked leaves the tip author's name to pair;
2. a maintainer's name ("Isaac Woods" for ``IsaacWoods``, or a name git guessed to be a
   maintainer's login; the project's maintainers in any issue read) matches the maintainer's login when the editors thanked them, and
   otherwise leaves the section (not thanked);
3. a name already paired elsewhere takes its login here, or leaves the section when that
   login is not thanked (the person was not thanked this time);
4. a name and a login that fold to the same letters ("Raito Bezarius", ``RaitoBezarius``);
5. the only name left for the only login left;
6. among at most ``TIE_SET`` names and logins left (more than one of either), a name and
   a login that look alike
   (``models.resembles``: initial + surname, the surname inside the login) when each is
   the other's only look-alike; then 5 again.

Each section first says what it alone shows (so that two issues that disagree are both
heard), then every section is revisited with what the others taught until no new pair
appears (a fixpoint), so a pair learned in one issue clears the way for one-to-one pairs
in others. Pairs never cross sections.
Votes across issues decide; a name whose issues disagree (no login with twice the votes
of the next) is reported in ``conflicts``, never guessed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from thismonth.archive.records import ArchivedIssue
from thismonth.models import Person, PullRequest, clear_winner, fold_name, resembles
from thismonth.months import Month

TIE_SET = 3  # look-alikes break ties only among this many names and logins

CONFIRMED = "git's guess confirmed by the thanks line"
MAINTAINER = "a maintainer's name"
KNOWN = "paired in another issue"
SAME = "same letters"
ONE_LEFT = "the only name and login left"
ALIKE = "looks alike, among few left"


@dataclass
class LearnedLogins:
    logins: dict[str, str] = field(default_factory=dict)  # git name -> login
    evidence: dict[str, list[str]] = field(default_factory=dict)  # name -> "2024-05 repo (how)"
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


@dataclass
class _Section:
    """What is still unexplained in one project section of one issue."""

    where: str
    names: dict[str, str]  # folded name -> git name, authors without a sure login
    guesses: dict[str, str]  # folded name -> the login git inferred for them
    logins: dict[str, str]  # lower-case login -> login, thanked and not yet taken
    keepers: dict[str, str]  # folded maintainer login -> lower-case login


class _Votes:
    def __init__(self) -> None:
        self.votes: dict[str, Counter[str]] = defaultdict(Counter)  # folded name -> logins
        self.shown: dict[str, str] = {}  # folded name -> a git name as written
        self.evidence: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, section: _Section, key: str, login: str, how: str) -> None:
        self.votes[key][login] += 1
        self.shown.setdefault(key, section.names.get(key, key))
        self.evidence[(key, login)].append(f"{section.where}: {how}")
        section.names.pop(key, None)
        section.logins.pop(login.lower(), None)

    def winner(self, key: str) -> str | None:
        return clear_winner(self.votes.get(key))


def learn_logins(
    issues: Iterable[ArchivedIssue],
    pulls: Callable[[str, Month], list[PullRequest]],
    *,
    known: Callable[[Person], bool] = lambda p: False,
) -> LearnedLogins:
    """Votes of every issue; ``pulls(repo, month)`` gives the month's PRs from git and
    ``known(person)`` says a person is a bot (never mapped)."""
    sections = [s for s in _sections(issues, pulls, known) if s.names]
    votes = _Votes()
    for section in sections:  # what each section says alone, before any says more
        _first_pass(section, votes)
        _pass(section, votes, known=False, bold=True)
    left = sum(len(s.names) for s in sections)
    while True:  # every pass that goes on removes names, so this ends
        for bold in (False, True):  # sure pairs everywhere before any "only one left"
            for section in sections:
                _pass(section, votes, known=True, bold=bold)
        now = sum(len(s.names) for s in sections)
        if now == left:
            return _result(votes)
        left = now


def _sections(
    issues: Iterable[ArchivedIssue],
    pulls: Callable[[str, Month], list[PullRequest]],
    known: Callable[[Person], bool],
) -> list[_Section]:
    issues = list(issues)
    # A project's maintainers in any issue read: before "Maintained by" lines existed the
    # editors left them out all the same, and their names are nobody else's.
    keepers: dict[str, dict[str, str]] = defaultdict(dict)
    for issue in issues:
        for project in issue.projects:
            for m in project.maintainers:
                keepers[str(project.repo)][fold_name(m.login)] = m.login.lower()
    out = []
    for issue in issues:
        for project in issue.projects:
            numbers = {i.number for i in project.listed if i.kind == "pull"}
            if not project.thanks or not numbers:
                continue
            section = _Section(
                where=f"{issue.month} {project.repo}",
                names={},
                guesses={},
                logins={t.login.lower(): t.login for t in project.thanks},
                keepers=keepers[str(project.repo)],
            )
            for pull in pulls(str(project.repo), issue.month):
                person = pull.author
                if pull.number not in numbers or known(person):
                    continue
                if person.login and person.verified and not person.inferred:
                    section.logins.pop(person.login.lower(), None)
                    continue
                # The owner of the PR's fork, thanked: the PR was theirs, and the name is
                # only the branch tip's author (maybe a maintainer's last push).
                fork = person.via == "fork" and person.login
                if fork and section.logins.pop(str(person.login).lower(), None):
                    continue
                key = fold_name(person.name)
                if not key:
                    continue
                section.names.setdefault(key, person.name)
                if person.login and person.verified and person.via == "history":
                    section.guesses.setdefault(key, person.login)
            out.append(section)
    return out


def _first_pass(section: _Section, votes: _Votes) -> None:
    """Steps 1 and 2: what this section alone says for sure."""
    for key in list(section.names):
        guess = section.guesses.get(key)
        if guess and guess.lower() in section.logins and fold_name(guess) != key:
            votes.add(section, key, section.logins[guess.lower()], CONFIRMED)
        elif guess and guess.lower() in section.logins:
            section.names.pop(key)  # the name is the login: nothing to learn
            section.logins.pop(guess.lower())
        elif guess:
            section.names.pop(key)  # maybe right and not thanked: too unsure to pair
    for key in list(section.names):
        guess = section.guesses.get(key, "").lower()
        keeper = section.keepers.get(key) or (guess if guess in section.keepers.values() else None)
        if keeper is None:
            continue
        section.names.pop(key)
        section.logins.pop(keeper, None)  # a thanked maintainer, known by name


def _pass(section: _Section, votes: _Votes, *, known: bool, bold: bool) -> None:
    """Step 3 (when ``known``: what the other sections have taught so far), step 4, and
    steps 5 and 6 when ``bold``."""
    for key in list(section.names) if known else ():
        login = votes.winner(key)
        if login is None:
            continue
        if login.lower() in section.logins:
            votes.add(section, key, section.logins[login.lower()], KNOWN)
        else:
            section.names.pop(key)  # a known person, not thanked this time
    for key in list(section.names):
        hit = next((login for low, login in section.logins.items() if fold_name(low) == key), None)
        if hit:
            votes.add(section, key, hit, SAME)
    if not bold:
        return
    _one_left(section, votes)
    names, logins = len(section.names), len(section.logins)
    if names and logins and names + logins > 2 and max(names, logins) <= TIE_SET:
        for key, name in list(section.names.items()):
            alike = [login for login in section.logins.values() if resembles(login, name)]
            if len(alike) != 1:
                continue
            rivals = [n for n in section.names.values() if resembles(alike[0], n)]
            if rivals == [name]:
                votes.add(section, key, alike[0], ALIKE)
        _one_left(section, votes)


def _one_left(section: _Section, votes: _Votes) -> None:
    if len(section.names) == 1 and len(section.logins) == 1:
        key = next(iter(section.names))
        votes.add(section, key, next(iter(section.logins.values())), ONE_LEFT)


def _result(votes: _Votes) -> LearnedLogins:
    out = LearnedLogins()
    for key, counter in sorted(votes.votes.items()):
        name = votes.shown[key]
        login = votes.winner(key)
        if login is None:
            seen = ", ".join(
                f"{lg} ({'; '.join(votes.evidence[(key, lg)])})" for lg in sorted(counter)
            )
            out.conflicts.append(f"{name}: thanked as {seen}")
            continue
        if name.lower() == login.lower():
            continue  # the name is the login already
        out.logins[name] = login
        out.evidence[name] = votes.evidence[(key, login)]
    return out
