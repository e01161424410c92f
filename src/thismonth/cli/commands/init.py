"""``thismonth init``: write a working thismonth.toml for a folder of clones."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.app.init import init_actions, init_config, init_from_archive
from thismonth.cli.app import stderr
from thismonth.cli.options import DEFAULT_CONFIG, config_option
from thismonth.errors import UsageError


@click.command("init")
@click.option(
    "--repos",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with one clone per repository.",
)
@click.option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of published issues (YYYY-MM.md or YYYY-MM/index.md) to learn the config from.",
)
@config_option
@click.option(
    "--org", default=None, help="Organization (default: the owner most clones' remotes name)."
)
@click.option("--name", default=None, help="Newsletter name, as in 'This Month in NAME'.")
@click.option("--force", is_flag=True, help="Replace an existing config file.")
@click.option(
    "--github-actions",
    "github_actions",
    is_flag=True,
    help="Also write GitHub Actions workflows for the newsletter's repository.",
)
@click.option(
    "--install",
    "install",
    default=None,
    metavar="SPEC",
    help="How the workflows install thismonth (not on PyPI): a git URL pinned to a tag or "
    "commit, or a folder of the repository [default: the git checkout this thismonth "
    "was installed from, at its commit].",
)
def command(
    repos: Path | None,
    archive: Path | None,
    config_path: Path | None,
    org: str | None,
    name: str | None,
    force: bool,
    github_actions: bool,
    install: str | None,
) -> None:
    """Write a config learned from the published issues (--archive) or for the clones under --repos, and optionally CI workflows."""
    if repos is None and archive is None and not github_actions:
        raise UsageError(
            "init needs --archive DIR (published issues), --repos DIR (a folder of clones)"
            " or --github-actions"
        )
    config_path = config_path or DEFAULT_CONFIG
    if archive is not None:
        result = init_from_archive(archive, config_path, repos=repos, force=force)
        for warning in result.warnings:
            stderr.print(f"warning: {warning}", markup=False)
        logins = f", {result.logins} logins" if repos is not None else ""
        stderr.print(
            f"wrote {config_path} with {len(result.projects)} project"
            f"{'' if len(result.projects) == 1 else 's'}{logins}, learned from {archive}",
            markup=False,
        )
    elif repos is not None:
        found = init_config(repos, config_path, org=org, name=name, force=force)
        stderr.print(
            f"wrote {config_path} with {len(found)} projects; fill in descriptions and maintainers",
            markup=False,
        )
    if github_actions:
        for path in init_actions(config_path, install=install):
            stderr.print(f"wrote {path}", markup=False)
