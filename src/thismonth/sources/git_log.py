"""Reading commits with ``git log`` and recognising how each pull request landed.

One ``git log --first-parent`` call per branch, bounded by ``--since``/``--until`` with
some slack (``--since`` stops the walk at the first older commit, and committer dates
on a branch are not strictly ordered); the exact month filter happens in Python on
aware datetimes. Commit messages name the PR for GitHub merge commits, squash merges,
bors and homu; :func:`parse_landing` reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from thismonth.sources.git_run import FS, RS, run_git

SLACK = timedelta(days=31)
# Looking below where a ``--since`` walk stopped: how many commits, how many times.
SKEW_PROBE = 20
SKEW_HOPS = 10

_LOG_FORMAT = "%x1e" + "%x1f".join(["%H", "%P", "%an", "%ae", "%aI", "%cI", "%B"])


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


def _parse(out: str) -> list[GitCommit]:
    commits = []
    for record in out.split(RS):
        if not record.strip():
            continue
        parts = record.split(FS, 6)
        if len(parts) != 7:
            continue
        sha, parents, an, ae, ad, cd, message = parts
        try:
            author_date = datetime.fromisoformat(ad)
            committed_at = datetime.fromisoformat(cd)
        except ValueError:
            continue
        commits.append(
            GitCommit(
                sha=sha,
                parents=tuple(parents.split()),
                author_name=an,
                author_email=ae,
                author_date=author_date,
                committed_at=committed_at,
                message=message.strip("\n"),
            )
        )
    return commits


def _stamp(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def first_parent_log(path: Path, ref: str, since: datetime, until: datetime) -> list[GitCommit]:
    """The first-parent history of ``ref`` down to about ``since``, newest first.

    ``--since`` ends git's walk at the first commit dated before it, so a commit with a
    skewed (older) committer date above the month's commits would hide them: where the
    walk stopped, a short probe looks below, and the walk resumes if the history there
    is still recent. Commits after ``until`` are returned too (they are walked anyway);
    the caller filters the month exactly.
    """
    del until  # walked through in any case; filtered by the caller
    low = since - SLACK
    commits = _walk(path, ref, low)
    for _ in range(SKEW_HOPS):
        if not commits or not commits[-1].parents or commits[-1].committed_at < since:
            break  # nothing walked, a root, or the walk already reached before the month
        probe = _parse(
            run_git(
                path,
                [
                    "log",
                    "--first-parent",
                    f"--max-count={SKEW_PROBE}",
                    f"--format={_LOG_FORMAT}",
                    commits[-1].parents[0],
                    "--",
                ],
            )
        )
        recent = next((i for i, c in enumerate(probe) if c.committed_at >= low), None)
        if recent is None:
            break  # the history below is older: the walk ended where the month does
        commits.extend(probe[:recent])
        commits.extend(_walk(path, probe[recent].sha, low))
    return commits


def _walk(path: Path, ref: str, low: datetime) -> list[GitCommit]:
    out = run_git(
        path,
        ["log", "--first-parent", f"--since={_stamp(low)}", f"--format={_LOG_FORMAT}", ref, "--"],
    )
    return _parse(out)


def read_commits(path: Path, shas: list[str]) -> dict[str, GitCommit]:
    """Several commits by id in one call."""
    if not shas:
        return {}
    out = run_git(
        path,
        ["log", "--no-walk=unsorted", "--stdin", f"--format={_LOG_FORMAT}"],
        stdin="\n".join(dict.fromkeys(shas)) + "\n",
    )
    return {c.sha: c for c in _parse(out)}


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
    for line in out.splitlines():
        sha, _, stamp = line.partition(" ")
        try:
            dates[sha] = datetime.fromisoformat(stamp)
        except ValueError:
            continue
    return dates


def log_from(path: Path, tips: list[str], since: datetime) -> list[tuple[GitCommit, str]]:
    """Commits reachable from ``tips`` committed after ``since``, each with the tip
    (``%S``, git's ``--source``) that reached it first."""
    if not tips:
        return []
    fmt = "%x1e" + "%x1f".join(["%S", "%H", "%P", "%an", "%ae", "%aI", "%cI", "%B"])
    out = run_git(
        path,
        ["log", "--source", f"--since={_stamp(since)}", "--stdin", f"--format={fmt}"],
        stdin="\n".join(tips) + "\n",
    )
    result = []
    for record in out.split(RS):
        if not record.strip():
            continue
        source, _, rest = record.partition(FS)
        for commit in _parse(RS + rest):
            result.append((commit, source.strip()))
    return result


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
    for line in text.splitlines():
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
        for line in commit.body.splitlines():
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
