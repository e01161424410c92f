"""``thismonth check FILE...``: lint issues for the newsletter site's CI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thismonth.app.check import check
from thismonth.check.findings import CheckFailed
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints workflow annotations for GitHub Actions.",
)
@click.option(
    "--activity",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    help="Snapshot of the month's activity (thismonth snapshot export): check that each PR was merged in the month. Repeat it to add the next month's, for PRs listed after the month ended.",
)
@config_option
@click.option("--no-spelling", is_flag=True, help="Do not run `typos`.")
@click.option("--no-sections", is_flag=True, help="Do not check the sections/*.md beside an issue.")
@click.option(
    "--cfp-state",
    is_flag=True,
    help="Ask GitHub (GITHUB_TOKEN) whether the Call for Participation issues are still open.",
)
def command(
    paths: tuple[Path, ...],
    fmt: str,
    activity: tuple[Path, ...],
    config_path: Path | None,
    no_spelling: bool,
    no_sections: bool,
    cfp_state: bool,
) -> None:
    """Check issue files: front matter, comments, placeholders, TODOs, unfinished sentences,
    empty sections, headings, links, duplicate and out-of-month PRs, spelling.

    Prints FILE:LINE: RULE: MESSAGE per finding; exits 1 when there are errors, 0 when
    there are only warnings.
    """
    config = load(config_path, required=False)
    states = None
    if cfp_state:
        from thismonth.app.cfp_state import github_states

        states = github_states(config)
    report = check(
        list(paths),
        activity=activity,
        spell=not no_spelling,
        sections=not no_sections,
        cfp_states=states,
        github_url=config.newsletter.github_url,
    )
    for finding in report.findings:
        sys.stdout.write((finding.github() if fmt == "github" else finding.text()) + "\n")
    for note in report.notes:
        stderr.print(f"note: {note}", markup=False)
    errors, warnings = len(report.errors), len(report.warnings)
    summary = (
        f"{len(paths)} file{'s' if len(paths) != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    )
    if errors:
        raise CheckFailed(summary)
    stderr.print(summary, markup=False)
