"""Use case: start a newsletter (a config for a folder of clones, CI workflows)."""

from __future__ import annotations

from pathlib import Path

from thismonth.app.scaffold import write_config
from thismonth.config import ProjectConfig, load_config
from thismonth.draft.actions import write_github_actions


def init_config(
    repos: Path, config_path: Path, *, org: str | None, name: str | None, force: bool
) -> list[ProjectConfig]:
    """Write ``config_path`` for the clones under ``repos``; the projects it names."""
    found = write_config(repos, config_path, org=org, name=name, force=force)
    load_config(config_path)  # what init writes must load
    return found


def init_actions(config_path: Path, *, install: str | None = None) -> list[Path]:
    """The GitHub Actions workflows beside the config; the paths written. ``install`` is
    how the workflows install thismonth (a pinned git URL or a path)."""
    root = config_path.parent if config_path.parent != Path("") else Path(".")
    return write_github_actions(root, install=install)
