"""``thismonth clone ORG --into DIR`` and ``thismonth clone --update DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from thismonth.cli.app import stderr
from thismonth.errors import SourceError, UsageError

if TYPE_CHECKING:
    from thismonth.app.clone import RepoOutcome


@click.command("clone")
@click.argument("owner", required=False)
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the clones, one NAME.git per repository (made if missing).",
)
@click.option(
    "--update",
    "update",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Fetch what is new into every clone under this folder (no ORG needed).",
)
@click.option("--archived", is_flag=True, help="Also clone archived repositories.")
@click.option("--forks", is_flag=True, help="Also clone forks.")
@click.option(
    "--clone-url",
    default=None,
    help="Fetch from this URL template instead of the API's, with {owner} and {name} "
    "(a mirror, GitHub Enterprise's git host, local bare repositories).",
)
@click.option(
    "--api-url", default=None, help="GitHub API base URL (GitHub Enterprise); GITHUB_API_URL too."
)
@click.option(
    "--token-env", default=None, help="Name of the environment variable holding the token."
)
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=4, show_default=True)
def command(
    owner: str | None,
    into: Path | None,
    update: Path | None,
    archived: bool,
    forks: bool,
    clone_url: str | None,
    api_url: str | None,
    token_env: str | None,
    jobs: int,
) -> None:
    """Mirror ORG's repositories with their pull refs into --into; again, fetch what is new."""
    from thismonth.app.clone import clone_org, update_clones
    from thismonth.sources.github import NO_TOKEN, discover_token

    def progress(outcome: RepoOutcome, done: int, total: int) -> None:
        stderr.print(f"[{done}/{total}] {_describe(outcome)}", markup=False)

    if update is not None:
        if owner is not None or into is not None:
            raise UsageError("clone: use either ORG --into DIR or --update DIR, not both")
        token = discover_token(token_env)  # private repositories need one; public ones do not
        report = update_clones(update, token=token, api_url=api_url, jobs=jobs, progress=progress)
        where = update
    else:
        if owner is None or into is None:
            raise UsageError("clone needs ORG --into DIR (or --update DIR to refresh clones)")
        token = discover_token(token_env)
        if not token:
            raise UsageError(NO_TOKEN)
        report = clone_org(
            owner,
            into,
            token=token,
            api_url=api_url,
            archived=archived,
            forks=forks,
            clone_url=clone_url,
            jobs=jobs,
            progress=progress,
        )
        where = into
    for name, why in report.left_out:
        stderr.print(f"left out {name}: {why}", markup=False)
    for path in report.unlisted:
        stderr.print(
            f"{path}: not among {owner}'s repositories any more; left as it is", markup=False
        )
    for outcome in report.failed:
        stderr.print(f"warning: {outcome.name}: {outcome.error}", markup=False)
    if report.all_failed:
        raise SourceError(f"{where}: not one repository could be cloned or fetched (see above)")
    ok = len(report.outcomes) - len(report.failed)
    stderr.print(
        f"{where}: {ok} clone{'s' if ok != 1 else ''} up to date"
        + (f", {len(report.failed)} failed" if report.failed else "")
        + f"; next: thismonth init --repos {where} (once), thismonth draft YYYY-MM --repos {where}",
        markup=False,
    )


def _describe(outcome: RepoOutcome) -> str:
    if outcome.error is not None:
        return f"{outcome.name}: failed (the warning below says why)"
    fetched = outcome.fetched
    assert fetched is not None
    if fetched.created:
        return f"{outcome.name}: cloned into {fetched.path} ({len(fetched.new)} refs)"
    if not fetched.changed:
        return f"{outcome.name}: up to date"
    parts = []
    for label, refs in (
        ("new", fetched.new),
        ("updated", fetched.updated),
        ("deleted", fetched.deleted),
    ):
        if refs:
            shown = ", ".join(refs[:3]) + (f" and {len(refs) - 3} more" if len(refs) > 3 else "")
            parts.append(f"{len(refs)} {label} ({shown})")
    return f"{outcome.name}: " + "; ".join(parts)
