"""Branches' first-parent walks, read once per run for all the months that ask.

A month's branch scan walks the first-parent history from the branch's tip down to the
month (git_log.first_parent_log), so learning's dozen past months walked the same newest
commits a dozen times, the older months the most. :class:`SharedWalks` walks each branch
once, down to the earliest planned month, and gives each month the part it would have
walked: git's ``--since`` ends a first-parent walk at the first commit dated before it,
so a month's walk is exactly the shared walk's commits up to the first one older than the
month's bound. The short probes below a walk's end (for skewed dates) depend only on the
commit probed, and are shared too.

Release tags are walked the same way (``reach``): which of a month's merges a tag holds
was a ``rev-list --since`` per tag and month. One ``rev-list --parents --timestamp`` per
tag down to the earliest bound gives the graph, and a month's answer is what git's walk
gives: the commits reached from the tag through commits none of which is older than the
month's bound (git neither lists an older commit nor walks past it). Checked against git
on the rust-osdev clones by bench/identity_scans.py.

A walk or probe git could not read cleanly (a failure, a record it could not parse) is
not shared: each month reads it again and reports it as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from thismonth.sources.git_log import (
    GitCommit,
    Warn,
    first_parent_probe,
    first_parent_walk,
    rev_list_since,
)
from thismonth.sources.git_run import GitFailed, run_git

# commit -> (committer date, parents): the part of history a tag reaches down to a date
Graph = dict[str, tuple[int, list[str]]]


class SharedWalks:
    """First-parent walks (by clone and ref or commit) and probes, shared by a run's
    months and threads; a :class:`git_log.FirstParentReader`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._low: datetime | None = None  # the earliest bound planned
        self._keys: dict[tuple[Path, str, str], threading.Lock] = {}
        # by clone, ref and bound: a later plan may lower the bound
        self._walks: dict[tuple[Path, str, datetime], list[GitCommit] | None] = {}
        self._probes: dict[tuple[Path, str], list[GitCommit] | None] = {}
        self._graphs: dict[tuple[Path, str, datetime], Graph | None] = {}

    def plan(self, low: datetime) -> None:
        """The lowest bound a planned month walks down to."""
        with self._lock:
            self._low = low if self._low is None else min(self._low, low)

    def _key_lock(self, kind: str, path: Path, name: str) -> threading.Lock:
        with self._lock:
            return self._keys.setdefault((path, kind, name), threading.Lock())

    def walk(self, path: Path, ref: str, low: datetime, warn: Warn | None) -> list[GitCommit]:
        wide_low = self._low
        if wide_low is None or low < wide_low:
            return first_parent_walk(path, ref, low, warn)
        with self._key_lock("walk", path, ref):
            if (path, ref, wide_low) not in self._walks:
                self._walks[path, ref, wide_low] = _clean(
                    lambda w: first_parent_walk(path, ref, wide_low, w)
                )
            wide = self._walks[path, ref, wide_low]
        if wide is None:
            return first_parent_walk(path, ref, low, warn)
        stamp = int(low.timestamp())  # what git is given, in whole seconds
        out: list[GitCommit] = []
        for commit in wide:
            if commit.committed_at.timestamp() < stamp:
                break
            out.append(commit)
        return out

    def probe(self, path: Path, sha: str, warn: Warn | None) -> list[GitCommit]:
        with self._key_lock("probe", path, sha):
            if (path, sha) not in self._probes:
                self._probes[path, sha] = _clean(lambda w: first_parent_probe(path, sha, w))
            got = self._probes[path, sha]
        return list(got) if got is not None else first_parent_probe(path, sha, warn)

    def reach(self, path: Path, tip: str, since: datetime) -> set[str]:
        """``rev_list_since(path, tip, since)``: the commits git's ``--since`` walk from
        ``tip`` lists, those reached through commits none of which is older than
        ``since``; from one walk of the tip down to the earliest planned bound."""
        wide_low = self._low
        if wide_low is None or since < wide_low:
            return rev_list_since(path, tip, since)
        with self._key_lock("reach", path, tip):
            if (path, tip, wide_low) not in self._graphs:
                self._graphs[path, tip, wide_low] = _graph(path, tip, wide_low)
            graph = self._graphs[path, tip, wide_low]
        if graph is None:
            return rev_list_since(path, tip, since)
        stamp = int(since.timestamp())
        seen: set[str] = set()
        todo = [tip]
        while todo:
            sha = todo.pop()
            if sha in seen:
                continue
            node = graph.get(sha)  # absent: older than the walk's bound, so than ``since``
            if node is None or node[0] < stamp:
                continue
            seen.add(sha)
            todo.extend(node[1])
        return seen


def _graph(path: Path, tip: str, low: datetime) -> Graph | None:
    """The commits ``git rev-list --since=LOW`` lists from ``tip``, with their committer
    dates and parents; None when git fails or says something unexpected."""
    try:
        out = run_git(
            path,
            ["rev-list", "--timestamp", "--parents", f"--since={int(low.timestamp())}", tip, "--"],
        )
    except GitFailed:
        return None
    graph: Graph = {}
    for line in out.split("\n"):
        if not line:
            continue
        stamp, _, rest = line.partition(" ")
        ids = rest.split(" ")
        if not stamp.isdigit() or not ids[0]:
            return None
        graph[ids[0]] = (int(stamp), ids[1:])
    return graph


def _clean(read: Callable[[Warn], list[GitCommit]]) -> list[GitCommit] | None:
    """What ``read`` gave when git answered without a problem, else None."""
    problems: list[str] = []
    try:
        got = read(problems.append)
    except GitFailed:
        return None
    return None if problems else got
