"""Sources of activity: each reads one kind of place and yields ``RepoActivity`` records.

Every source answers one call, ``collect_month(projects, month, tz)``, for all projects at
once: the git source loops over clones, the GitHub source asks one org-wide search. A
repository that cannot be read becomes a warning in ``Collected.warnings`` and an entry
of ``Collected.failed`` so the other projects still make it into the draft (and its
section is kept as it was); a source that can read nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Protocol, runtime_checkable

from thismonth.config import ProjectConfig
from thismonth.models import RepoActivity
from thismonth.months import Month


@dataclass
class Collected:
    activities: dict[str, RepoActivity] = field(default_factory=dict)  # by "owner/repo"
    warnings: list[str] = field(default_factory=list)
    # Repositories that could not be read, with why ("owner/repo" -> reason): a draft
    # keeps their sections as they were instead of dropping them.
    failed: dict[str, str] = field(default_factory=dict)
    # Repositories nobody configured that the source saw active in the month (an
    # organization's other repositories, unconfigured clones): "new project" candidates.
    discovered: dict[str, RepoActivity] = field(default_factory=dict)


class Source(Protocol):
    name: str

    def collect_month(
        self, projects: list[ProjectConfig], month: Month, tz: tzinfo
    ) -> Collected: ...


@runtime_checkable
class PlansMonths(Protocol):
    """A source told beforehand which months a run will collect, so that what they share
    is read once (the git source: identity history, branch walks, tags, pull heads). Such a
    source reads local data and may be asked for several months at once, from threads."""

    def plan(self, months: list[Month], tz: tzinfo) -> None: ...
