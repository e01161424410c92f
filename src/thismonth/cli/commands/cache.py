"""``thismonth cache info|clear``: the activity cache beside the config."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load
from thismonth.store import Store


@click.group("cache")
def command() -> None:
    """Inspect or empty the GitHub activity cache (.thismonth/ beside the config)."""


@command.command("info")
@config_option
def info(config_path: Path) -> None:
    """Show where the cache is, its size, and which months it holds."""
    path = Store.path_for(load(config_path))
    if not path.exists():
        sys.stdout.write(f"{path}: no cache yet\n")
        return
    store = Store(path)
    try:
        data = store.info()
    finally:
        store.close()
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
def clear(config_path: Path) -> None:
    """Forget everything fetched: the next draft fetches again."""
    path = Store.path_for(load(config_path))
    if not path.exists():
        stderr.print(f"{path}: no cache to clear", markup=False)
        return
    store = Store(path)
    try:
        store.clear()
    finally:
        store.close()
    stderr.print(f"cleared {path}", markup=False)
