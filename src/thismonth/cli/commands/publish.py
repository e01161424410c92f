"""``thismonth publish MONTH``: date the issue, clear the draft notes, check, open the next."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from thismonth.app.publish import publish
from thismonth.check.findings import CheckFailed
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load, parse_month
from thismonth.config import Config
from thismonth.errors import UsageError

if TYPE_CHECKING:
    from thismonth.app.cfp import IssueStates


@click.command("publish")
@click.argument("month")
@config_option
@click.option(
    "--date", "date_text", default=None, help="Publication date, YYYY-MM-DD (default: today)."
)
@click.option("--strip-commented", is_flag=True, help="Also remove the commented-out PRs.")
@click.option(
    "--activity",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    help="Snapshot of the month's activity, for the check that each PR was merged in the month.",
)
@click.option("--no-spelling", is_flag=True, help="Do not run `typos` in the check.")
@click.option(
    "--cfp-state",
    is_flag=True,
    help="Drop Call for Participation issues closed by the publication day (asks GitHub).",
)
def command(
    month: str,
    config_path: Path,
    date_text: str | None,
    strip_commented: bool,
    activity: tuple[Path, ...],
    no_spelling: bool,
    cfp_state: bool,
) -> None:
    """Publish the issue of MONTH: set its date, remove the editors' notes, run check, and
    create the next month's draft. Nothing is written when the check finds errors."""
    config = load(config_path)
    the_month = parse_month(month, config)
    published = publish(
        config,
        the_month,
        date=_date(date_text, config),
        strip_commented=strip_commented,
        activity=activity,
        spell=not no_spelling,
        cfp_states=_cfp_states(config) if cfp_state else None,
    )
    for gone in published.dropped:
        stderr.print(f"dropped from the Call for Participation: {gone}", markup=False)
    for finding in published.report.findings:
        sys.stdout.write(finding.text() + "\n")
    for note in published.report.notes:
        stderr.print(f"note: {note}", markup=False)
    if not published.written:
        n = len(published.report.errors)
        raise CheckFailed(
            f"{published.path}: not published: check found {n} error{'s' if n != 1 else ''}; "
            "fix them and publish again (nothing was written)"
        )
    stderr.print(f"published {published.path} (date {published.date})", markup=False)
    if published.next_path is not None:
        stderr.print(f"opened the next draft: {published.next_path}", markup=False)


def _cfp_states(config: Config) -> IssueStates:
    from thismonth.app.cfp_state import github_states

    return github_states(config)


def _date(text: str | None, config: Config) -> dt.date:
    if text is None:
        return dt.datetime.now(config.tz()).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r}: expected YYYY-MM-DD") from None
