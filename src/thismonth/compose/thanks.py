"""The thanks line: who is thanked, under which login, for how many contributions.

Editors thank the outside authors of the listed work, not the maintainers or bots. Git
often knows an author only by name, so ``[policy.logins]`` records a login once (like
git's .mailmap). The words of the line are the ``thanks`` macro of
``render/templates/_macros.md.j2``, and "contribution" or "contributions" counts with
``ProjectSection.thanked_items``; who is in it is decided here.
"""

from __future__ import annotations

from dataclasses import replace

from thismonth.compose.document import PersonLink, ProjectSection
from thismonth.compose.policy import is_bot
from thismonth.config import Config, ProjectConfig
from thismonth.forge import repo_url
from thismonth.models import Person, fold_name


def known_login(config: Config, person: Person) -> Person:
    """A git author known only by name gets the login the editors recorded in
    ``[policy.logins]`` (stated, or learned from the archive's thanks lines), once and for
    every later issue (like git's .mailmap).

    The order of evidence (docs/learning.md): a login the forge or a noreply address gives
    wins; then ``[policy.logins]``; then what git inferred (``Person.inferred``: votes of
    other commits, an organization fork's owner); then the bare name.
    """
    if person.login and person.verified and not person.inferred:
        return person
    logins = config.policy.logins
    login = logins.get(person.name.lower()) or (
        logins.get(person.login.lower()) if person.login else None
    )
    if login is None and fold_name(person.name):  # "Jan  Janssen", "jan.janssen"
        folded = [v for k, v in logins.items() if fold_name(k) == fold_name(person.name)]
        login = folded[0] if len(set(folded)) == 1 else None
    return replace(person, login=login, verified=True, via="logins") if login else person


def thanks(config: Config, project: ProjectConfig, section: ProjectSection) -> list[PersonLink]:
    """Authors of listed work, first appearance first; maintainers and bots left out.

    Whom a learned ``not_thanked`` habit leaves out goes to ``section.unthanked`` (a note
    under the line); a stated one is the editors' own word and needs none."""
    # Some projects' editors thank maintainers too (``thank_maintainers``).
    keepers = [] if project.thank_maintainers else project.maintainers
    maintainers = {m.login.lower() for m in keepers}
    # Git often knows only a name ("Isaac Woods"); it is a maintainer's if it folds to the login.
    folded = {fold_name(m.login) for m in keepers}
    unthanked = {n.lower() for n in project.not_thanked}  # people the editors never thank
    seen: set[str] = set()
    out: list[PersonLink] = []
    for entry in section.all_entries:
        person: Person = entry.author
        if entry.action != "list" or is_bot(person, config.policy.bots):
            continue
        if person.key in maintainers or person.key in seen:
            continue
        if person.key in unthanked or person.name.lower() in unthanked:
            shown = person.login if person.login and person.verified else person.name
            if "not_thanked" not in project.stated and shown not in section.unthanked:
                section.unthanked.append(shown)
            continue
        if not person.verified and fold_name(person.name) in folded:
            continue
        seen.add(person.key)
        if person.login and person.verified:
            out.append(
                PersonLink(person.login, repo_url(config.newsletter.github_url, person.login))
            )
        else:
            out.append(PersonLink(person.name, None))
    return out
