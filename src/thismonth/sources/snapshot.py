"""Snapshots: a month's activity as one JSON file, to share, archive or draft offline.

``thismonth snapshot export 2022-04 -o april.json`` writes what a source collected (the
normalized records of ``thismonth.models``, nothing else: no token, no policy);
``thismonth draft 2022-04 --source snapshot:april.json`` drafts from it with no network.
"""

from __future__ import annotations

import json
from datetime import tzinfo
from pathlib import Path
from typing import Any

from thismonth.config import ProjectConfig
from thismonth.errors import SourceError, UsageError
from thismonth.models import RepoActivity
from thismonth.months import Month
from thismonth.sources import Collected
from thismonth.writing import MAX_DATA_BYTES, TextFileError, read_text, write_atomic

FORMAT = "thismonth-snapshot"
VERSION = 1


def collected_json(collected: Collected) -> dict[str, Any]:
    """What a source collected as plain JSON (a snapshot's body, the git month cache)."""
    return {
        "activities": [collected.activities[k].to_json() for k in sorted(collected.activities)],
        "warnings": list(collected.warnings),
        "discovered": [collected.discovered[k].to_json() for k in sorted(collected.discovered)],
    }


def collected_from_json(data: dict[str, Any]) -> Collected:
    """The inverse of ``collected_json``; KeyError, TypeError, ValueError or
    AttributeError on a malformed record, for the caller to name its file."""
    return Collected(
        activities={a["repo"]: RepoActivity.from_json(a) for a in data["activities"]},
        warnings=[str(w) for w in data.get("warnings", [])],
        discovered={a["repo"]: RepoActivity.from_json(a) for a in data.get("discovered", [])},
    )


def snapshot_json(collected: Collected, month: Month) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "month": str(month)} | collected_json(collected)


def export_snapshot(collected: Collected, month: Month, path: Path) -> None:
    """Write the snapshot atomically: a reader never sees half a file."""
    text = json.dumps(snapshot_json(collected, month), indent=1, ensure_ascii=False)
    write_atomic(Path(path), text + "\n")


def load_snapshot(path: Path) -> tuple[Month, Collected]:
    try:
        data = json.loads(read_text(Path(path), limit=MAX_DATA_BYTES))
    except FileNotFoundError:
        raise UsageError(f"snapshot {path}: no such file") from None
    except TextFileError as exc:
        raise SourceError(f"snapshot: {exc}") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"snapshot {path}: not JSON (line {exc.lineno}: {exc.msg}); export it again"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SourceError(f'snapshot {path}: not a thismonth snapshot (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise SourceError(
            f"snapshot {path}: version {data.get('version')!r}, this thismonth reads {VERSION}"
        )
    try:
        month = Month.parse(str(data["month"]))
        collected = collected_from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SourceError(
            f"snapshot {path}: malformed record ({type(exc).__name__}: {exc})"
        ) from None
    return month, collected


class SnapshotSource:
    """A source that reads a snapshot file instead of the network."""

    name = "snapshot"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        holds, collected = load_snapshot(self.path)
        if holds != month:
            raise UsageError(f"snapshot {self.path} holds {holds}, not {month}")
        wanted = {p.repo for p in projects}
        collected.activities = {
            repo: a for repo, a in collected.activities.items() if not wanted or repo in wanted
        }
        for repo in [r for r in collected.discovered if r in wanted]:
            collected.activities[repo] = collected.discovered.pop(repo)
        for repo in sorted(wanted - set(collected.activities)):
            collected.failed[repo] = f"{repo}: not in snapshot {self.path}"
        return collected
