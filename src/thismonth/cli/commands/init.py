"""``thismonth init``: write a working thismonth.toml for a folder of clones."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.config import load_config
from thismonth.errors import UsageError
from thismonth.scaffold import write_config


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
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("thismonth.toml"),
    show_default=True,
    help="Config file to write.",
)
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
def command(
    repos: Path | None,
    archive: Path | None,
    config_path: Path,
    org: str | None,
    name: str | None,
    force: bool,
    github_actions: bool,
) -> None:
    """Write a config for the clones under --repos (and optionally CI workflows)."""
    if repos is None and archive is None and not github_actions:
        raise UsageError(
            "init needs --archive DIR (published issues), --repos DIR (a folder of clones)"
            " or --github-actions"
        )
    if archive is not None:
        from thismonth.app.init import init_from_archive

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
        found = write_config(repos, config_path, org=org, name=name, force=force)
        load_config(config_path)  # what init writes must load
        stderr.print(
            f"wrote {config_path} with {len(found)} projects; fill in descriptions and maintainers",
            markup=False,
        )
    if github_actions:
        from thismonth.draft.actions import write_github_actions

        root = config_path.parent if config_path.parent != Path("") else Path(".")
        for path in write_github_actions(root):
            stderr.print(f"wrote {path}", markup=False)
