"""Rebase merges: pull requests found through ``refs/pull/N/head``, not through messages.

A rebase merge leaves no PR number in any message. GitHub keeps each PR's head as
``refs/pull/N/head`` (fetch them with ``git fetch origin '+refs/pull/*/head:refs/pull/*/head'``),
so a PR landed when its head commit did: as-is (a fast-forward, or a merge whose second
parent is the head) or as a rebased copy (same author, author date and subject). The
copies of its other commits sit right before the head's copy on the branch.

Only heads pushed near the month are read, found by PR-number blocks newest first, so
the cost follows the month and the PRs opened since, not the repository's age.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from thismonth.sources.git_log import SLACK, GitCommit, Warn, commit_dates, log_from
from thismonth.sources.git_run import read_pull_block

# How far before the month's earliest author date pull heads are considered.
PULL_SLACK = timedelta(days=7)
# A PR head pushed up to this long after its commits landed still counts as merged.
HEAD_GRACE = timedelta(hours=1)

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class HeadLanding:
    """PR ``number`` landed on ``branch`` as ``commits`` (oldest first)."""

    number: int
    branch: str
    commits: tuple[GitCommit, ...]
    head: str | None = None  # the pull head that landed as such, if one did

    @property
    def last(self) -> GitCommit:
        return self.commits[-1]


def match_pull_heads(
    path: Path,
    branches: list[tuple[str, list[GitCommit]]],
    plain: set[str],
    named: set[int],
    end: datetime,
    warn: Warn | None = None,
    heads: PullHeads | None = None,
) -> list[HeadLanding]:
    """The PRs among the ``plain`` commits (ids no message explains) of each branch's
    first-parent commits in the month (oldest first). ``named`` are the PR numbers the
    month's messages gave, a hint for where to look among the pull heads. ``heads`` are
    the pull heads and their dates as read for other months of the run."""
    commits = [c for _, cs in branches for c in cs if c.sha in plain]
    if not commits:
        return []
    return _Matcher(path, named, warn, heads or PullHeads()).run(
        branches, plain, min(c.author_date for c in commits), end
    )


@dataclass
class PullHeads:
    """Pull heads by block and their commit dates, read once per run: learning's months
    all look at the same pull refs, which do not move while a run reads them. Thread-safe;
    a failed read is not kept (the next month reads, and fails, again)."""

    _blocks: dict[tuple[Path, int | None], dict[str, list[int]]] = field(default_factory=dict)
    _dates: dict[tuple[Path, str], datetime | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _clones: dict[Path, threading.Lock] = field(default_factory=dict)

    def _clone(self, path: Path) -> threading.Lock:
        """One reader per clone at a time: the others wait for its answer, not read it too."""
        with self._lock:
            return self._clones.setdefault(path, threading.Lock())

    def block(self, path: Path, block: int | None) -> dict[str, list[int]]:
        with self._clone(path):
            if (path, block) not in self._blocks:
                self._blocks[path, block] = read_pull_block(path, block)
            known = self._blocks[path, block]
        return {sha: list(numbers) for sha, numbers in known.items()}

    def dates(self, path: Path, shas: list[str]) -> dict[str, datetime]:
        """commit_dates(path, shas), in the order asked, each commit read once."""
        wanted = list(dict.fromkeys(shas))
        with self._clone(path):
            missing = [sha for sha in wanted if (path, sha) not in self._dates]
            if missing:
                got = commit_dates(path, missing)
                for sha in missing:
                    self._dates[path, sha] = got.get(sha)
            found = {sha: self._dates[path, sha] for sha in wanted}
        return {sha: date for sha, date in found.items() if date is not None}


class _Matcher:
    def __init__(self, path: Path, named: set[int], warn: Warn | None, heads: PullHeads) -> None:
        self.path = path
        self.warn = warn
        self.named = named
        self.heads = heads
        self.head_dates: dict[int, datetime] = {}

    def run(
        self,
        branches: list[tuple[str, list[GitCommit]]],
        plain: set[str],
        earliest: datetime,
        end: datetime,
    ) -> list[HeadLanding]:
        low = earliest - PULL_SLACK
        high = end + SLACK
        heads, recent = self.recent_heads(low, high)
        if not recent:
            return []
        # One walk from the heads pushed around the month, cut at ``low``.
        tips: dict[str, list[int]] = {}
        copies: dict[Key, list[str]] = {}  # key -> pull commit ids
        source: dict[str, int] = {}  # pull commit id -> a PR whose head reaches it
        for commit, via in log_from(self.path, list(recent), low, self.warn):
            if commit.sha in heads:
                if commit.committed_at > high:
                    continue  # pushed after the month: not what landed in it
                tips[commit.sha] = sorted(heads[commit.sha])
                for number in heads[commit.sha]:
                    self.head_dates[number] = commit.committed_at
            copies.setdefault(commit.key, []).append(commit.sha)
            numbers = heads.get(via)
            if numbers:
                source.setdefault(commit.sha, min(numbers))
        if not tips and not source:
            return []

        found: list[HeadLanding] = []

        def flush(branch: str, pending: list[tuple[GitCommit, int]]) -> None:
            # Copies whose head never landed as such (say the head was a merge of main,
            # dropped by the rebase): the PR landed if its head was last pushed before.
            if not pending:
                return
            last, number = pending[-1]
            pushed = self.head_dates.get(number)
            if pushed is None or pushed > last.committed_at + HEAD_GRACE:
                return
            found.append(HeadLanding(number, branch, tuple(c for c, _ in pending)))

        for branch, commits in branches:
            pending: list[tuple[GitCommit, int]] = []
            for commit in commits:
                if commit.sha not in plain:
                    flush(branch, pending)
                    pending = []
                    continue
                head = self.landed_head(commit, tips, copies)
                if head is None:
                    hits = [
                        source[sha]
                        for sha in copies.get(commit.key, ())
                        if sha != commit.sha and sha in source
                    ]
                    if hits:
                        if pending and pending[-1][1] != hits[0]:
                            flush(branch, pending)
                            pending = []
                        pending.append((commit, hits[0]))
                    else:
                        flush(branch, pending)
                        pending = []
                    continue
                group = (*(c for c, _ in pending), commit)
                pending = []
                for number in tips[head]:
                    found.append(HeadLanding(number, branch, group, head))
            flush(branch, pending)
        return found

    def recent_heads(
        self, low: datetime, high: datetime
    ) -> tuple[dict[str, list[int]], dict[str, datetime]]:
        """Pull heads (id -> numbers) and those last pushed in [low, high] (id -> date).

        PR numbers grow with time, so heads are read a block of 1000 numbers at a time,
        newest first, and the search stops at the first block whose heads were all
        pushed before ``low``: the cost follows the PRs opened since the month, not all
        PRs ever opened. (A PR opened a whole block earlier and still pushed to in the
        month is missed.)
        """
        heads: dict[str, list[int]] = {}
        recent: dict[str, datetime] = {}
        for found in self.pull_blocks():
            if not found:
                continue
            for sha, numbers in found.items():
                heads.setdefault(sha, []).extend(numbers)
            fresh = False
            for sha, date in self.heads.dates(self.path, list(found)).items():
                if date >= low:
                    fresh = True
                    if date <= high:
                        recent[sha] = date
            if not fresh:
                break
        return heads, recent

    def pull_blocks(self) -> Iterator[dict[str, list[int]]]:
        """Pull heads by blocks of 1000 PR numbers, newest first."""
        if self.named:
            for block in range(self.top_block(), -1, -1):
                yield self.heads.block(self.path, block)
            return
        # No message names a PR this month (a rebase-only repository): list them all.
        blocks: dict[int, dict[str, list[int]]] = {}
        for sha, numbers in self.heads.block(self.path, None).items():
            for number in numbers:
                blocks.setdefault(number // 1000, {}).setdefault(sha, []).append(number)
        for block in sorted(blocks, reverse=True):
            yield blocks[block]

    def top_block(self) -> int:
        """The highest block of PR numbers that has pull heads (probing from the PRs the
        month's messages named, then doubling and bisecting)."""
        start = max(self.named, default=0) // 1000

        def exists(block: int) -> bool:
            return bool(self.heads.block(self.path, block))

        low = start
        step = 1
        while exists(low + step):
            low, step = low + step, step * 2
        high = low + step  # empty
        while high - low > 1:
            mid = (low + high) // 2
            if exists(mid):
                low = mid
            else:
                high = mid
        return low

    def landed_head(
        self,
        commit: GitCommit,
        tips: dict[str, list[int]],
        copies: dict[Key, list[str]],
    ) -> str | None:
        """The pull head this first-parent commit lands, if any (nearest in time)."""
        if commit.sha in tips:
            return commit.sha
        if len(commit.parents) > 1 and commit.parents[1] in tips:
            return commit.parents[1]
        heads = [sha for sha in copies.get(commit.key, ()) if sha in tips]
        if not heads:
            return None
        return min(heads, key=lambda sha: self.gap(tips[sha], commit.committed_at))

    def gap(self, numbers: list[int], moment: datetime) -> tuple[float, int]:
        pushed = self.head_dates.get(numbers[0])
        gap = abs((pushed - moment).total_seconds()) if pushed else 1e18
        return gap, numbers[0]  # a tie (a bot reopening the same head): the first PR
