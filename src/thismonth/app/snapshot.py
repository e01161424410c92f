"""Use case: save a month's activity to a file, to draft from it offline."""

from __future__ import annotations

from pathlib import Path

from thismonth.app.pipeline import collect
from thismonth.config import Config
from thismonth.months import Month
from thismonth.sources import Collected, Source
from thismonth.sources.snapshot import export_snapshot


def export(config: Config, month: Month, source: Source, output: Path) -> Collected:
    """Collect ``month`` from ``source`` and write it to ``output``; what was collected."""
    collected = collect(config, month, source)
    export_snapshot(collected, month, output)
    return collected
