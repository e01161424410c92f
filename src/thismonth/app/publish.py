"""Use case: publish a month (date it, strip notes, check, write, open the next draft)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from thismonth.app.cfp import IssueStates, drop_closed
from thismonth.check import Report, check_text, load_activities
from thismonth.check.rules_sections import sections_in_issue
from thismonth.config import Config
from thismonth.draft.publish import published_text, write
from thismonth.draft.sections import sections_folder
from thismonth.months import Month


@dataclass
class Published:
    path: Path
    date: dt.date
    report: Report
    written: bool  # False when the check found errors: nothing was written
    next_path: Path | None = None  # the next month's draft, when it was created
    dropped: list[str] = field(default_factory=list)  # closed CFP issues left out


def publish(
    config: Config,
    month: Month,
    *,
    date: dt.date,
    strip_commented: bool = False,
    activity: tuple[Path, ...] = (),
    spell: bool = True,
    cfp_states: IssueStates | None = None,
) -> Published:
    """Check the published text and write it only when the check found no error; with
    ``cfp_states``, Call for Participation issues closed by the end of ``date`` are
    dropped first (``Published.dropped`` says which)."""
    prepared = published_text(config, month, date=date, strip_commented=strip_commented)
    dropped: list[str] = []
    cfp_notes: list[str] = []
    if cfp_states is not None:
        end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), config.tz())
        prepared.text, found = drop_closed(prepared.text, cfp_states, end)
        dropped = [f"{i.repo}#{i.number} (closed {when.date()})" for i, when in found.closed]
        cfp_notes = found.notes
    report = check_text(
        prepared.text,
        str(prepared.path),
        activity=load_activities(activity),
        spell=spell,
        github_url=config.newsletter.github_url,
    )
    # A contributed section whose text is not in the issue would be lost at publication.
    report.findings.extend(
        sections_in_issue(prepared.text, str(prepared.path), sections_folder(prepared.path))
    )
    report.notes.extend(cfp_notes)
    result = Published(path=prepared.path, date=date, report=report, written=False, dropped=dropped)
    if not report.errors:
        result.next_path = write(config, month, prepared)
        result.written = True
    return result
