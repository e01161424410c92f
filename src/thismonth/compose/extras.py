"""What readers of similar newsletters ask for under the project updates.

- the **summary line**: "This month, 61 pull requests were merged by 23 people in 12
  repositories." counts every merged pull request of the month's activity (listed,
  commented out or skipped alike: it describes the month, not the draft); people are
  distinct authors without the bots;
- the **welcome** of first-time contributors: authors (not bots) of a pull request merged
  this month who had none merged before in any of the organization's repositories, as
  far as the data reaches (the caller says how far: see ``app/extras.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from thismonth.compose.document import PersonLink
from thismonth.config import Config
from thismonth.models import Person, RepoActivity


@dataclass
class Extras:
    summary: str | None = None
    newcomers: list[PersonLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why nobody is welcomed, when unknown


def _is_bot(config: Config, person: Person) -> bool:
    login = (person.login or person.name).lower()
    return person.bot or login.endswith("[bot]") or login in {b.lower() for b in config.policy.bots}


def summary_line(config: Config, activities: dict[str, RepoActivity]) -> str | None:
    pulls = [p for a in activities.values() for p in a.pulls]
    if not pulls:
        return None
    people = {p.author.key for p in pulls if not _is_bot(config, p.author)}
    repos = {p.repo for p in pulls}

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    verb = "was" if len(pulls) == 1 else "were"
    by = f" by {n(len(people), 'person', 'people')}" if people else ""
    return (
        f"This month, {n(len(pulls), 'pull request', 'pull requests')} {verb} merged{by} "
        f"in {n(len(repos), 'repository', 'repositories')}."
    )


def month_authors(config: Config, activities: dict[str, RepoActivity]) -> list[Person]:
    """Each non-bot PR author of the month once, in order of their first merge."""
    seen: dict[str, Person] = {}
    pulls = sorted((p for a in activities.values() for p in a.pulls), key=lambda p: p.merged_at)
    for p in pulls:
        if not _is_bot(config, p.author) and p.author.key not in seen:
            seen[p.author.key] = p.author
    return list(seen.values())


def newcomers(config: Config, authors: list[Person], earlier: set[str]) -> list[PersonLink]:
    """``authors`` none of whose keys (login, name; lower-cased) is in ``earlier``."""
    base = config.newsletter.github_url.rstrip("/")
    out = []
    for person in authors:
        keys = {k.lower() for k in (person.login, person.name) if k}
        if keys & earlier:
            continue
        login = person.login if person.verified and person.login else None
        out.append(PersonLink(login or person.name, f"{base}/{login}" if login else None))
    return out
