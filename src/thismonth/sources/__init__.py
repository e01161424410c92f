"""Sources of activity: each reads one kind of place and yields ``RepoActivity`` records.

Every source answers one call, ``collect_month(projects, month, tz)``, for all projects at
once: the git source loops over clones, the GitHub source asks one org-wide search. A
repository that cannot be read becomes a warning in ``Collected.warnings`` so the other
projects still make it into the draft; a source that can read nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Protocol

from thismonth.config import ProjectConfig
from thismonth.models import RepoActivity
from thismonth.months import Month


@dataclass
class Collected:
    activities: dict[str, RepoActivity] = field(default_factory=dict)  # by "owner/repo"
    warnings: list[str] = field(default_factory=list)


class Source(Protocol):
    name: str

    def collect_month(
        self, projects: list[ProjectConfig], month: Month, tz: tzinfo
    ) -> Collected: ...
