"""A source over records already in memory: for benchmarks, tests and other programs.

It answers ``collect_month`` like the git and GitHub sources do, so code that drafts
from records it made itself goes through the same use case as the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from thismonth.config import ProjectConfig
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.sources import Collected


@dataclass
class MemorySource:
    """The given activities (by "owner/repo"), restricted to the projects asked for."""

    activities: dict[str, RepoActivity] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    name: str = "memory"

    def collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        wanted = {p.repo for p in projects}
        return Collected(
            activities={r: a for r, a in self.activities.items() if r in wanted},
            warnings=list(self.warnings),
        )
