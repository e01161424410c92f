"""``thismonth cache info|clear``: the activity cache beside the config."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thismonth.app.cache import cache_clear, cache_info
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load


@click.group("cache")
def command() -> None:
    """Inspect or empty the GitHub activity cache (.thismonth/ beside the config)."""


@command.command("info")
@config_option
def info(config_path: Path | None) -> None:
    """Show where the cache is, its size, and which months it holds."""
    path, data = cache_info(load(config_path))
    if data is None:
        sys.stdout.write(f"{path}: no cache yet\n")
        return
    lines = [
        f"cache: {data['path']}",
        f"size: {data['bytes'] / 1024:.0f} KiB",
        f"pull requests: {data['pulls']}, repository snapshots: {data['repos']}, "
        f"ETags: {data['http']}",
        f"feed entries remembered: {data['feed_entries']} (kept by `cache clear`)",
    ]
    for m in data["months"]:
        state = "complete" if m["complete"] else "partial (current month or interrupted)"
        lines.append(f"  {m['month']}: {state}, updated {m['updated_at']}")
    sys.stdout.write("\n".join(lines) + "\n")


@command.command("clear")
@config_option
def clear(config_path: Path | None) -> None:
    """Forget everything fetched: the next draft fetches again."""
    path, existed = cache_clear(load(config_path))
    if not existed:
        stderr.print(f"{path}: no cache to clear", markup=False)
        return
    stderr.print(f"cleared {path}", markup=False)
