"""The identity scan's commits, read once per clone and run for every month that asks.

Each month's identity scan (git_people) is a bounded ``git log --branches --tags
--remotes``: the first HISTORY_COMMITS commits, in git's order, whose committer date is in
[end - HISTORY_DAYS, end + 31 days]. Learning from the archive collects a dozen months, so
a cold draft made that scan a dozen times per clone over mostly the same commits, the
biggest share of its git time.

:class:`SharedHistory` makes one wider scan per clone instead: the union of the planned
months' windows (``plan``), at most twice HISTORY_COMMITS commits, with each commit's
committer date. A month's records are those of the wide scan whose date is in the month's
window, the first HISTORY_COMMITS of them: git's ``--since``/``--until`` compare the
committer date (inclusive), ``--until`` only hides a commit (its parents are still
walked), and ``--max-count`` counts what is shown, so a wider window shows the same
commits in the same order, plus others the filter drops. A month the wide scan cannot
answer for certain (the scan stopped at its count before the month had all its commits,
the month is outside the plan, git failed or its output was cut) gets its own scan, as
before. Either way a month learns from what its own scan gives (but for the one case
below).

(The one case the filter cannot see: a commit dated inside a month's window that git
reaches only through a child older than the window's start, which the month's own walk
does not walk past. That takes a commit dated before its own parent, right at the
window's start ten years back; on the rust-osdev clones every month's records were
checked equal, bench/identity_scans.py.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from thismonth.sources.git_log import split_records
from thismonth.sources.git_run import GitFailed, run_git

# Bounds of the identity scan: recent enough to be cheap, long enough to meet most people.
HISTORY_DAYS = 3650
HISTORY_COMMITS = 2000
# How far past a month's end the scan looks (a branch merged early next month).
AFTER_SECONDS = 31 * 86400
# The shared scan's bound: a year of a dozen months adds few commits to the month's 2000
# in most projects; a busier one gets own scans for the months the bound cuts off.
SHARED_COMMITS = 2 * HISTORY_COMMITS

# sha, parents, author name, author e-mail, subject, body
Record = tuple[str, str, str, str, str, str]
_FORMAT = "%x00".join(["%ct", "%H", "%P", "%an", "%ae", "%s", "%b"])


@dataclass(frozen=True)
class Window:
    """Committer dates (unix seconds, both inclusive) of one identity scan."""

    since: int
    until: int


def window_for(until: datetime) -> Window:
    """The identity scan's window for a month ending at ``until`` (as git was always asked)."""
    since = until - timedelta(days=HISTORY_DAYS)
    return Window(int(since.timestamp()), int(until.timestamp()) + AFTER_SECONDS)


def scan(
    path: Path, window: Window, max_count: int | None = None
) -> tuple[list[tuple[int, Record]], int]:
    """(committer date, record) of the first ``max_count`` (HISTORY_COMMITS) commits of the
    branches, tags and remotes in ``window``, in git's order; and how many trailing fields
    made no whole record. Raises GitFailed."""
    out = run_git(
        path,
        [
            "log",
            "-z",
            "--branches",
            "--tags",
            "--remotes",
            f"--since={window.since}",
            f"--until={window.until}",
            f"--max-count={max_count or HISTORY_COMMITS}",
            f"--format={_FORMAT}",
        ],
    )
    fields, left = split_records(out, 7)
    records: list[tuple[int, Record]] = []
    for date, sha, parents, name, email, subject, body in fields:
        try:
            stamp = int(date)
        except ValueError:  # never from git; the month's own scan then reads it
            return records, left or 1
        records.append((stamp, (sha, parents, name, email, subject, body)))
    return records, left


@dataclass
class _Wide:
    window: Window
    records: list[tuple[int, Record]]
    complete: bool  # git listed every commit of the window (the count did not cut it)


class SharedHistory:
    """Wide identity scans, one per clone, shared by the months (and threads) of a run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._planned: set[Window] = set()
        self._clone_locks: dict[Path, threading.Lock] = {}
        self._wide: dict[Path, _Wide | None] = {}  # None: no wide scan (failed, or no plan)
        self.answered = 0  # months answered from a wide scan (for the benchmark)

    def plan(self, ends: Iterable[datetime]) -> None:
        """The ends of the months this run will collect: one scan per clone covers them."""
        with self._lock:
            self._planned.update(window_for(end) for end in ends)

    def records(self, path: Path, until: datetime) -> list[Record] | None:
        """Exactly the records of the month's own identity scan, or None when the shared
        scan cannot tell them for certain (the caller then scans the month itself)."""
        want = window_for(until)
        with self._lock:
            if want not in self._planned or len(self._planned) < 2:
                return None
            lock = self._clone_locks.setdefault(path, threading.Lock())
        with lock:  # one thread scans a clone; the others wait for its answer
            if path not in self._wide:
                self._wide[path] = self._scan(path)
            wide = self._wide[path]
        if wide is None or not (
            wide.window.since <= want.since and want.until <= wide.window.until
        ):
            return None
        since, until = want.since, want.until
        mine = [record for stamp, record in wide.records if since <= stamp <= until]
        del mine[HISTORY_COMMITS:]
        if len(mine) < HISTORY_COMMITS and not wide.complete:
            return None  # the month's older commits lie past the wide scan's count
        with self._lock:
            self.answered += 1
        return mine

    def _scan(self, path: Path) -> _Wide | None:
        with self._lock:
            planned = list(self._planned)
        union = Window(min(w.since for w in planned), max(w.until for w in planned))
        try:
            records, left = scan(path, union, SHARED_COMMITS)
        except GitFailed:
            return None  # each month's own scan says what failed, as before
        if left:
            return None
        return _Wide(union, records, complete=len(records) < SHARED_COMMITS)
