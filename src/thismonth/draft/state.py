"""The merge state of a month's draft: the last generated text, and the window it used.

``<config folder>/.thismonth/generated/YYYY-MM.md``: the text thismonth generated last
time (the base of the next three-way merge), plain Markdown after one header line::

    <!-- thismonth:state {"until": "2022-05-05", "draft": "<sha256 of the draft written>"} -->

Commit it with the issue (the newsletter's CI re-drafts from a fresh checkout): without
it a re-draft still keeps every edit, but cannot tell an item people deleted from a new
one. ``until`` is the ``draft --until`` day the draft was made with: the window belongs
to the draft, so a plain re-draft keeps it.

**The draft and its state are one change.** If the draft were newer than its state, an
item the editor deletes afterwards would come back; if the state were newer, a new item
would count as deleted. ``write_draft`` therefore writes the state to
``YYYY-MM.md.pending`` first (a read-only or full ``.thismonth/`` fails there, with the
draft untouched), then the draft, then renames the pending state into place (a rename in
a folder just written to; if even that fails, the old draft is put back). A run killed
between the two renames leaves the pending file, which records the checksum of the draft
it belongs to: the next run finds it and completes the rename when that draft is the one
on disk, or drops it when the draft was never written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from thismonth.config import Config
from thismonth.errors import ThisMonthError
from thismonth.months import Month
from thismonth.writing import write_atomic

_HEADER = re.compile(r"^<!-- thismonth:state (\{.*\}) -->$")


@dataclass(frozen=True)
class DraftState:
    generated: str | None  # None: no state (a draft written by hand, or not committed)
    until: date | None = None
    draft_sha256: str | None = None
    # Why the state could not be used as it is; the draft says so in a note, because a
    # re-draft without its base may bring back an item people deleted (once).
    problem: str | None = None


def state_dir(config: Config) -> Path:
    return config.root / ".thismonth" / "generated"


def state_path(config: Config, month: Month) -> Path:
    return state_dir(config) / f"{month}.md"


def pending_path(state: Path) -> Path:
    return state.with_name(state.name + ".pending")


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def state_text(generated: str, *, until: date | None, draft: str | None) -> str:
    meta = {"until": until.isoformat() if until else None}
    if draft is not None:
        meta["draft"] = checksum(draft)
    return f"<!-- thismonth:state {json.dumps(meta, sort_keys=True)} -->\n{generated}"


def parse_state(text: str) -> DraftState:
    first, _, rest = text.partition("\n")
    m = _HEADER.match(first.rstrip("\r"))
    if m is None:
        return DraftState(text)  # a state file from before the header: the text alone
    try:
        meta = json.loads(m.group(1))
        until = date.fromisoformat(meta["until"]) if meta.get("until") else None
        sha = meta.get("draft") if isinstance(meta.get("draft"), str) else None
    except (ValueError, TypeError, AttributeError, KeyError):
        return DraftState(rest, problem="its header is damaged: the --until window is forgotten")
    return DraftState(rest, until, sha)


def read_state(path: Path) -> DraftState:
    try:
        state = parse_state(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DraftState(None)
    except (OSError, UnicodeDecodeError) as exc:
        # A damaged state costs precision, never text: the merge works without a base.
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        state = DraftState(None, problem=f"cannot be read ({why})")
    if state.problem is None:
        return state
    return replace(
        state,
        problem=f"{path}: merge state {state.problem}; an item deleted from the draft may "
        "come back once",
    )


def recover(state: Path, draft: Path) -> str | None:
    """Finish or drop a pair write that was interrupted; say what was done, if anything."""
    pending = pending_path(state)
    if not pending.is_file():
        return None  # (anything else there makes the next write fail, naming it)
    found = read_state(pending)
    try:
        on_disk = draft.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        on_disk = None
    try:
        if on_disk is not None and found.draft_sha256 == checksum(on_disk):
            os.replace(pending, state)
            return f"{state}: completed the merge state of an interrupted draft"
        pending.unlink(missing_ok=True)
    except OSError as exc:
        raise ThisMonthError(
            f"{pending}: cannot finish an interrupted draft ({exc.strerror or exc})"
        ) from None
    return f"{pending}: dropped the merge state of a draft that was never written"


def write_draft(draft: Path, text: str, state: Path, generated: str, *, until: date | None) -> None:
    """Write the draft and its state so that neither is ever newer than the other."""
    pending = pending_path(state)
    try:
        write_atomic(pending, state_text(generated, until=until, draft=text))
    except ThisMonthError as exc:
        reason = str(exc).rpartition("cannot write: ")[2]
        raise ThisMonthError(
            f"{state}: cannot write the merge state ({reason}); {draft} was left as it was"
        ) from None
    try:  # the draft as it is, byte for byte, to put back if the state cannot follow
        old = draft.read_bytes() if draft.is_file() else None
    except OSError as exc:
        pending.unlink(missing_ok=True)
        raise ThisMonthError(
            f"{draft}: cannot read it to keep a copy ({exc.strerror or exc}); nothing was written"
        ) from None
    try:
        write_atomic(draft, text)
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    try:
        os.replace(pending, state)
    except OSError as exc:
        if old is None:
            draft.unlink(missing_ok=True)
        else:
            write_atomic(draft, old)
        pending.unlink(missing_ok=True)
        raise ThisMonthError(
            f"{state}: cannot write the merge state ({exc.strerror or exc}); "
            f"{draft} was left as it was"
        ) from None


def write_state(state: Path, generated: str, *, until: date | None, draft: str | None) -> None:
    """The state alone, when the draft itself did not change."""
    write_atomic(state, state_text(generated, until=until, draft=draft))
