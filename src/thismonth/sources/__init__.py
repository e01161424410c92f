"""Sources of activity: each reads one kind of place and yields ``RepoActivity``.

A source is anything with ``collect(project, month, tz) -> RepoActivity``; it raises
``RepositoryError`` for a repository it cannot read so the caller can warn and go on.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Protocol

from thismonth.config import ProjectConfig
from thismonth.models import RepoActivity
from thismonth.months import Month


class Source(Protocol):
    name: str

    def collect(self, project: ProjectConfig, month: Month, tz: tzinfo) -> RepoActivity: ...
