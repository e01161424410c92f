"""Opening the optional source for verbs that read candidates.

Candidates need a source only for saved searches and watched repositories; feeds alone
work without clones or a token, so a missing source is not an error here.
"""

from __future__ import annotations

from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs
from thismonth.config import Config
from thismonth.errors import UsageError
from thismonth.sources import Source


def open_optional(config: Config, sources: SourceArgs) -> Source | None:
    needs = any(s.searches or s.watch for s in config.sections)
    if not needs:
        return None
    try:
        return sources.open(config)
    except UsageError as exc:
        stderr.print(
            f"warning: saved searches and watched repositories are not read: {exc}", markup=False
        )
        return None
