"""The summary line and the welcome of first-time contributors, for the draft.

Who is new is decided from the source's own reach, and said when it cannot be:

- GitHub source: a login is new when GitHub's search finds no pull request of theirs
  merged in any repository of ``newsletter.organization`` before the month (renamed
  accounts keep their PRs, so they are not new again);
- git source: a PR author is new when no commit before the month in the configured
  clones' branches names them (login from merges, name or e-mail as a git author);
  repositories without a clone cannot be asked, and a shallow clone makes the answer
  unknown;
- any problem (a failed search, a shallow clone, a snapshot source): nobody is welcomed,
  and a note under the projects' intro and a warning on stderr say why. Welcoming an
  old contributor as new is worse than welcoming nobody.
"""

from __future__ import annotations

from datetime import datetime

from thismonth.compose.extras import Extras, month_authors, newcomers, summary_line
from thismonth.config import Config
from thismonth.models import Person, RepoActivity
from thismonth.months import Month
from thismonth.render.extras import add_extras
from thismonth.sources import Source
from thismonth.sources.git import GitSource
from thismonth.sources.git_newcomers import clone_paths, earlier_keys
from thismonth.sources.github import GitHubSource
from thismonth.sources.github._newcomers import earlier_authors


def project_extras(
    config: Config, month: Month, activities: dict[str, RepoActivity], source: Source | None
) -> tuple[Extras, list[str]]:
    extras = Extras()
    warnings: list[str] = []
    if config.newsletter.summary_line:
        extras.summary = summary_line(config, activities)
    if not config.newsletter.welcome_newcomers:
        return extras, warnings
    authors = month_authors(config, activities)
    if not authors:
        return extras, warnings
    before = month.window(config.tz())[0]
    earlier, problems = _earlier(config, source, authors, before)
    if problems:
        why = f"first-time contributors not welcomed: {problems[0]}" + (
            f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        )
        extras.notes.append(why)
        warnings.append(why)
        return extras, warnings
    extras.newcomers = newcomers(config, authors, earlier)
    return extras, warnings


def _earlier(
    config: Config, source: Source | None, authors: list[Person], before: datetime
) -> tuple[set[str], list[str]]:
    if isinstance(source, GitHubSource):
        if not config.newsletter.organization:
            return set(), ["newsletter.organization is not set"]
        logins = [p.login for p in authors if p.login]
        return earlier_authors(source, config.newsletter.organization, logins, before)
    if isinstance(source, GitSource):
        paths, problems = clone_paths(source, config.projects)
        keys, aliases, more = earlier_keys(paths, before)
        # A login is not new when its git identity (from the branches it merged) is old.
        known = {login for login, ids in aliases.items() if ids & keys}
        return keys | known, problems + more
    return set(), [
        f"the {getattr(source, 'name', 'chosen')} source cannot say who contributed before"
    ]


def with_extras(
    config: Config,
    month: Month,
    markdown: str,
    activities: dict[str, RepoActivity],
    source: Source | None,
) -> tuple[str, list[str]]:
    """The draft hook: ``markdown`` with the summary and welcome lines, and warnings."""
    extras, warnings = project_extras(config, month, activities, source)
    return add_extras(markdown, extras, config), warnings
