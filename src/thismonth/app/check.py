"""Use case: check issue files, as the newsletter site's CI does."""

from __future__ import annotations

from pathlib import Path

from thismonth.check import Report, check_paths, load_activities


def check(
    paths: list[Path], *, activity: tuple[Path, ...] = (), spell: bool = True, sections: bool = True
) -> Report:
    """Every finding in ``paths`` (and their sections/), with the month's activity if given."""
    return check_paths(paths, activity=load_activities(activity), spell=spell, sections=sections)
