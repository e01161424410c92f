"""Use case: check issue files, as the newsletter site's CI does."""

from __future__ import annotations

from pathlib import Path

from thismonth.check import Report, check_paths, load_activities
from thismonth.forge import DEFAULT_WEB


def check(
    paths: list[Path],
    *,
    activity: tuple[Path, ...] = (),
    spell: bool = True,
    sections: bool = True,
    github_url: str = DEFAULT_WEB,
) -> Report:
    """Every finding in ``paths`` (and their sections/), with the month's activity if given;
    PR links are recognised on ``github_url``'s host (GitHub Enterprise too)."""
    return check_paths(
        paths,
        activity=load_activities(activity),
        spell=spell,
        sections=sections,
        github_url=github_url,
    )
