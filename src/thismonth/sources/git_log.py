"""Reading commits with ``git log`` and recognising how each pull request landed.

One ``git log --first-parent`` call per branch, bounded by ``--since``/``--until`` with
some slack (``--since`` stops the walk at the first older commit, and committer dates
on a branch are not strictly ordered); the exact month filter happens in Python on
aware datetimes. Commit messages name the PR for GitHub merge commits, squash merges,
bors and homu; :func:`parse_landing` reads those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from thismonth.sources.git_run import GitFailed, run_git

SLACK = timedelta(days=31)
# Looking below where a ``--since`` walk stopped: how many commits, how many times.
SKEW_PROBE = 20
SKEW_HOPS = 10

# Fields end in NUL and ``-z`` ends each record in NUL: git cuts a message at its first
# NUL, so no text in a commit can close a field or start a forged record.
_FIELDS = ["%H", "%P", "%an", "%ae", "%aI", "%cI", "%B"]
_LOG_FORMAT = "%x00".join(_FIELDS)
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")

# Told about each record that cannot be read (it is skipped, never silently).
Warn = Callable[[str], None]


@dataclass(frozen=True)
class GitCommit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_date: datetime
    committed_at: datetime
    message: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        parts = self.message.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What survives a rebase: author, author date and subject."""
        return (
            self.author_name,
            self.author_email.lower(),
            self.author_date.isoformat(),
            self.subject,
        )


def _raise(message: str) -> None:
    raise GitFailed(["log"], message)


def split_records(out: str, width: int) -> tuple[list[list[str]], int]:
    """``-z`` output of a ``%x00``-joined format of ``width`` fields, as records; and how
    many trailing fields did not make a whole record (0 when the output is sound)."""
    fields = out.split("\0")
    if fields and fields[-1] == "":
        fields.pop()
    whole = len(fields) - len(fields) % width
    return [fields[i : i + width] for i in range(0, whole, width)], len(fields) - whole


def _commit(parts: list[str]) -> GitCommit | str:
    """A record as a commit, or why it is not one."""
    sha, parents, an, ae, ad, cd, message = parts
    if not _SHA.fullmatch(sha) or not all(_SHA.fullmatch(p) for p in parents.split(" ") if p):
        return f"bad commit id {sha[:50]!r}"
    try:
        author_date = datetime.fromisoformat(ad)
        committed_at = datetime.fromisoformat(cd)
    except ValueError:
        return f"commit {sha[:12]} has an unreadable date ({ad[:40]!r}, {cd[:40]!r})"
    return GitCommit(
        sha=sha,
        parents=tuple(parents.split()),
        author_name=an,
        author_email=ae,
        author_date=author_date,
        committed_at=committed_at,
        message=message.strip("\n"),
    )


def _parse(out: str, path: Path, warn: Warn | None, *, source: bool = False) -> list:
    """Commits (or (commit, ``%S``) pairs with ``source``) from ``-z`` output; every record
    that cannot be read is reported through ``warn`` (raised as GitFailed without one)."""
    report = warn or _raise
    width = len(_FIELDS) + (1 if source else 0)
    records, left = split_records(out, width)
    result: list = []
    for parts in records:
        got = _commit(parts[1:] if source else parts)
        if isinstance(got, str):
            report(f"{path}: skipped a git log record that cannot be read: {got}")
            continue
        result.append((got, parts[0].strip()) if source else got)
    if left:
        report(f"{path}: git log output ended inside a record ({left} stray fields); skipped")
    return result


def _stamp(moment: datetime) -> str:
    return str(int(moment.timestamp()))


class FirstParentReader(Protocol):
    """Where first_parent_log reads its walks and probes (git_walks shares them)."""

    def walk(self, path: Path, ref: str, low: datetime, warn: Warn | None) -> list[GitCommit]: ...

    def probe(self, path: Path, sha: str, warn: Warn | None) -> list[GitCommit]: ...


def first_parent_log(
    path: Path,
    ref: str,
    since: datetime,
    until: datetime,
    warn: Warn | None = None,
    reader: FirstParentReader | None = None,
) -> list[GitCommit]:
    """The first-parent history of ``ref`` down to about ``since``, newest first.

    ``--since`` ends git's walk at the first commit dated before it, so a commit with a
    skewed (older) committer date above the month's commits would hide them: where the
    walk stopped, a short probe looks below, and the walk resumes if the history there
    is still recent. Commits after ``until`` are returned too (they are walked anyway);
    the caller filters the month exactly. ``reader`` gives the same walks and probes from
    what it read for other months (git_walks).
    """
    del until  # walked through in any case; filtered by the caller
    walk = reader.walk if reader is not None else first_parent_walk
    probe_at = reader.probe if reader is not None else first_parent_probe
    low = since - SLACK
    commits = walk(path, ref, low, warn)
    for _ in range(SKEW_HOPS):
        if not commits or not commits[-1].parents or commits[-1].committed_at < since:
            break  # nothing walked, a root, or the walk already reached before the month
        probe = probe_at(path, commits[-1].parents[0], warn)
        recent = next((i for i, c in enumerate(probe) if c.committed_at >= low), None)
        if recent is None:
            break  # the history below is older: the walk ended where the month does
        commits.extend(probe[:recent])
        commits.extend(walk(path, probe[recent].sha, low, warn))
    return commits


def first_parent_probe(path: Path, sha: str, warn: Warn | None) -> list[GitCommit]:
    """The SKEW_PROBE first-parent commits from ``sha`` down, whatever their dates."""
    return _parse(
        run_git(
            path,
            [
                "log",
                "--first-parent",
                "-z",
                f"--max-count={SKEW_PROBE}",
                f"--format={_LOG_FORMAT}",
                sha,
                "--",
            ],
        ),
        path,
        warn,
    )


def first_parent_walk(path: Path, ref: str, low: datetime, warn: Warn | None) -> list[GitCommit]:
    """``ref``'s first-parent commits, newest first, until the first one committed before
    ``low`` (git's ``--since`` ends the walk there)."""
    out = run_git(
        path,
        [
            "log",
            "--first-parent",
            "-z",
            f"--since={_stamp(low)}",
            f"--format={_LOG_FORMAT}",
            ref,
            "--",
        ],
    )
    return _parse(out, path, warn)


def read_commits(path: Path, shas: list[str], warn: Warn | None = None) -> dict[str, GitCommit]:
    """Several commits by id in one call."""
    if not shas:
        return {}
    out = run_git(
        path,
        ["log", "--no-walk=unsorted", "-z", "--stdin", f"--format={_LOG_FORMAT}"],
        stdin="\n".join(dict.fromkeys(shas)) + "\n",
    )
    return {c.sha: c for c in _parse(out, path, warn)}


def commit_dates(path: Path, shas: list[str]) -> dict[str, datetime]:
    """Committer dates of several commits, without walking history."""
    if not shas:
        return {}
    out = run_git(
        path,
        ["log", "--no-walk=unsorted", "--stdin", "--format=%H %cI"],
        stdin="\n".join(dict.fromkeys(shas)) + "\n",
    )
    dates = {}
    for line in out.split("\n"):
        sha, _, stamp = line.partition(" ")
        try:
            dates[sha] = datetime.fromisoformat(stamp)
        except ValueError:
            continue
    return dates


def log_from(
    path: Path, tips: list[str], since: datetime, warn: Warn | None = None
) -> list[tuple[GitCommit, str]]:
    """Commits reachable from ``tips`` committed after ``since``, each with the tip
    (``%S``, git's ``--source``) that reached it first."""
    if not tips:
        return []
    fmt = "%x00".join(["%S", *_FIELDS])
    out = run_git(
        path,
        ["log", "--source", "-z", f"--since={_stamp(since)}", "--stdin", f"--format={fmt}"],
        stdin="\n".join(tips) + "\n",
    )
    return _parse(out, path, warn, source=True)


def rev_list_since(path: Path, tip: str, since: datetime) -> set[str]:
    out = run_git(path, ["rev-list", f"--since={_stamp(since)}", tip, "--"])
    return set(out.split())


# ------------------------------------------------------------------ messages

_GH_MERGE = re.compile(r"^Merge pull request #(\d+) from ([^/\s]+)/(\S+)")
_BORS = re.compile(r"^Merge((?:\s+#\d+)+)\s*$")
_BORS_LINE = re.compile(r"^(\d+): (.*?)(?: r=(\S+))?(?: a=(\S+))?\s*$")
_HOMU = re.compile(r"^Auto merge of #(\d+) - ([^:\s]+):(\S+?),? r=")
_SQUASH = re.compile(r"^(.*\S)\s+\(#(\d+)\)$")


@dataclass(frozen=True)
class Landing:
    """One PR named by a commit message."""

    number: int
    title: str
    how: str  # merge | squash | bors | homu
    login: str | None  # the author's login when the message names it
    head_owner: str | None = None  # GitHub merges: the owner of the head branch
    head_branch: str | None = None


def _first_line(text: str) -> str:
    for line in text.split("\n"):  # not splitlines(): \x1c-\x1e, \x85 are not line ends
        if line.strip():
            return line.strip()
    return ""


def parse_landing(commit: GitCommit) -> list[Landing]:
    """The PRs a first-parent commit's message says it landed (none for a plain commit)."""
    subject = commit.subject
    m = _GH_MERGE.match(subject)
    if m and len(commit.parents) >= 2:
        number, owner, branch = int(m.group(1)), m.group(2), m.group(3)
        return [Landing(number, _first_line(commit.body), "merge", owner, owner, branch)]
    m = _BORS.match(subject)
    if m:
        numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
        found: dict[int, Landing] = {}
        for line in commit.body.split("\n"):
            lm = _BORS_LINE.match(line.strip())
            if lm and int(lm.group(1)) in numbers and int(lm.group(1)) not in found:
                login = lm.group(4).split(",")[0] if lm.group(4) else None
                found[int(lm.group(1))] = Landing(int(lm.group(1)), lm.group(2), "bors", login)
        return [found.get(n, Landing(n, "", "bors", None)) for n in numbers]
    m = _HOMU.match(subject)
    if m:
        number, owner, branch = int(m.group(1)), m.group(2), m.group(3)
        return [Landing(number, _first_line(commit.body), "homu", owner, owner, branch)]
    m = _SQUASH.match(subject)
    if m and len(commit.parents) <= 1:
        return [Landing(int(m.group(2)), m.group(1), "squash", None)]
    return []
