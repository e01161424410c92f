"""``thismonth watch``: read every configured feed once, so the store remembers its entries."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load
from thismonth.errors import SourceError


@click.command("watch")
@config_option
def command(config_path: Path) -> None:
    """Read the sections' feeds now and remember their entries (run it weekly).

    Feeds keep only their latest entries; a draft made weeks after the month ends sees
    everything any reading saw. Exits 1 only when every feed failed.
    """
    from thismonth.app.candidates import watch
    from thismonth.store import Store

    config = load(config_path)
    store = Store.for_config(config)
    try:
        readings = watch(config, store)
    finally:
        store.close()
    if not readings:
        stderr.print(f"{config_path}: no feeds in [[sections]]: nothing to read", markup=False)
        return
    for r in readings:
        if r.warning:
            stderr.print(f"warning: {r.warning}", markup=False)
        if r.ok:
            what = "unchanged" if r.status == "unchanged" else f"{r.entries} entries"
            stderr.print(f"feed {r.feed.label}: {what}", markup=False)
    if not any(r.ok for r in readings):
        raise SourceError(f"every one of the {len(readings)} feeds failed; nothing remembered")
