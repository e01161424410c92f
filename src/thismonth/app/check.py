"""Use case: check issue files, as the newsletter site's CI does."""

from __future__ import annotations

from pathlib import Path

from thismonth.app.cfp import IssueStates, findings
from thismonth.check import Report, check_paths, load_activities
from thismonth.forge import DEFAULT_WEB


def check(
    paths: list[Path],
    *,
    activity: tuple[Path, ...] = (),
    spell: bool = True,
    sections: bool = True,
    github_url: str = DEFAULT_WEB,
    cfp_states: IssueStates | None = None,
) -> Report:
    """Every finding in ``paths`` (and their sections/), with the month's activity if given;
    PR links are recognised on ``github_url``'s host (GitHub Enterprise too); with
    ``cfp_states``, also the Call for Participation issues closed since listed."""
    report = check_paths(
        paths,
        activity=load_activities(activity),
        spell=spell,
        sections=sections,
        github_url=github_url,
    )
    if cfp_states is not None:
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # check_paths already reported it
            found, notes = findings(str(path), text, cfp_states)
            report.findings.extend(found)
            report.notes.extend(notes)
    return report
