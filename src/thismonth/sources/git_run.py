"""Running git, and opening a clone: the only module that starts a ``git`` process.

Every call goes through :func:`run_git` with a fixed environment (C locale, no system
config, no pager, no prompts) and ``core.quotepath=off``, so output parses the same on
every machine. :func:`open_repo` validates a clone once (exists, is a repository, not
shallow, not empty) and reads all its refs in one ``for-each-ref`` call.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from thismonth.errors import RepositoryError, SourceError

# Field and record separators for custom ``--format`` strings.
FS = "\x1f"
RS = "\x1e"


class GitFailed(Exception):
    """A git command exited non-zero; ``message`` is its first stderr line."""

    def __init__(self, args: list[str], message: str) -> None:
        self.args_ = args
        self.message = message
        super().__init__(message)


def git_env(ceiling: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        LC_ALL="C",
        LANG="C",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
    )
    if ceiling is not None:
        # Never discover a repository above the configured clone path.
        env["GIT_CEILING_DIRECTORIES"] = str(ceiling)
    return env


# When a list, every git call is appended to it as (command, stdin, seconds): the speed
# benchmark replays them to measure what thismonth adds on top of git.
TRACE: list[tuple[list[str], str | None, float]] | None = None


def run_git(
    path: Path, args: list[str], *, stdin: str | None = None, env: dict[str, str] | None = None
) -> str:
    """Run ``git -C path args`` and return stdout, or raise GitFailed.

    ``env`` adds variables to the fixed environment (``GIT_CONFIG_*`` for a fetch's
    credentials, which so stay out of the command line and of ``.git/config``)."""
    cmd = [
        "git",
        "-c",
        "core.quotepath=off",
        "-c",
        "log.showSignature=false",
        "-C",
        str(path),
        *args,
    ]
    started = time.perf_counter()
    try:
        # Bytes, decoded once: text mode would turn a ``\r`` inside a commit message
        # into a line break and shift every field after it.
        proc = subprocess.run(
            cmd,
            input=None if stdin is None else stdin.encode("utf-8"),
            capture_output=True,
            env={**git_env(path.resolve().parent), **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        raise SourceError("git is not installed or not on PATH: install git") from None
    if TRACE is not None:
        TRACE.append((cmd, stdin, time.perf_counter() - started))
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")
        lines = [ln.strip() for ln in err.split("\n") if ln.strip()]
        first = lines[0] if lines else f"git {args[0]} exited with {proc.returncode}"
        raise GitFailed(args, first.removeprefix("fatal: ").removeprefix("error: "))
    return proc.stdout.decode("utf-8", "replace")


def parse_unix(value: str) -> datetime | None:
    """``1700000000 +0200`` (git's ``%(creatordate:raw)``) as an aware datetime."""
    parts = value.split()
    if not parts:
        return None
    try:
        stamp = int(parts[0])
    except ValueError:
        return None
    moment = datetime.fromtimestamp(stamp, UTC)
    if len(parts) > 1 and len(parts[1]) == 5:
        off = parts[1]
        sign = -1 if off[0] == "-" else 1
        try:
            from datetime import timedelta, timezone

            delta = timedelta(hours=int(off[1:3]), minutes=int(off[3:5]))
            moment = moment.astimezone(timezone(sign * delta))
        except ValueError:
            pass
    return moment


@dataclass
class Ref:
    name: str  # full ref name
    sha: str  # the commit it points to (peeled for annotated tags)
    date: datetime | None  # tagger date for annotated tags, else committer date


@dataclass
class RepoRefs:
    path: Path
    head: str | None  # full ref HEAD points to, when it exists
    branches: dict[str, Ref] = field(default_factory=dict)  # short name -> ref
    remotes: dict[str, Ref] = field(default_factory=dict)  # "origin/next" -> ref
    tags: dict[str, Ref] = field(default_factory=dict)  # tag name -> ref

    def branch(self, name: str) -> Ref | None:
        """A branch by name: ``origin/NAME`` first in a working clone (``git fetch``
        moves it, not the local branch, which may lag behind), then the local branch
        (a mirror's ``refs/heads``), then any other remote's."""
        if f"origin/{name}" in self.remotes:
            return self.remotes[f"origin/{name}"]
        if name in self.branches:
            return self.branches[name]
        for remote in sorted({k.split("/", 1)[0] for k in self.remotes}):
            ref = self.remotes.get(f"{remote}/{name}")
            if ref is not None:
                return ref
        return None


_REF_FORMAT = FS.join(
    [
        "%(refname)",
        "%(objecttype)",
        "%(objectname)",
        "%(*objectname)",
        "%(creatordate:raw)",
        "%(HEAD)",  # "*" on the branch HEAD points to
    ]
)


def open_repo(path: Path, repo: str) -> RepoRefs:
    """Validate the clone at ``path`` and read its refs; RepositoryError when unusable."""
    if not path.exists():
        raise RepositoryError(repo, f"no clone at {path}: clone it there or fix `clone` in config")
    if not path.is_dir():
        raise RepositoryError(repo, f"{path} is not a directory")
    try:
        out = run_git(path, ["rev-parse", "--is-shallow-repository", "--absolute-git-dir"])
    except GitFailed:
        raise RepositoryError(
            repo, f"{path} is not a git repository: point `clone` at a clone or bare mirror"
        ) from None
    lines = out.split("\n")
    git_dir = Path(lines[1]).resolve() if len(lines) > 1 else None
    here = path.resolve()
    if git_dir is not None and git_dir not in (here, here / ".git") and here not in git_dir.parents:
        raise RepositoryError(repo, f"{path} is not a git repository (it sits inside {git_dir})")
    if lines and lines[0].strip() == "true":
        raise RepositoryError(
            repo,
            f"{path} is a shallow clone and lacks history: run `git -C {path} fetch --unshallow`",
        )
    try:
        refs_out = run_git(
            path,
            [
                "for-each-ref",
                f"--format={_REF_FORMAT}",
                "refs/heads",
                "refs/remotes",
                "refs/tags",
            ],
        )
    except GitFailed as exc:
        raise RepositoryError(repo, f"cannot read refs in {path}: {exc.message}") from None
    refs = RepoRefs(path=path, head=None)
    for line in refs_out.split("\n"):
        parts = line.split(FS)
        if len(parts) != 6:
            continue
        name, otype, sha, peeled, raw_date, is_head = parts
        if is_head == "*" and name.startswith("refs/heads/"):
            refs.head = name
        commit = peeled or sha
        if otype == "tag" and not peeled:
            continue
        if otype not in ("commit", "tag"):
            continue
        ref = Ref(name, commit, parse_unix(raw_date))
        if name.startswith("refs/heads/"):
            refs.branches[name.removeprefix("refs/heads/")] = ref
        elif name.startswith("refs/remotes/"):
            short = name.removeprefix("refs/remotes/")
            if not short.endswith("/HEAD"):
                refs.remotes[short] = ref
        elif name.startswith("refs/tags/"):
            refs.tags[name.removeprefix("refs/tags/")] = ref
    if not refs.branches and not refs.remotes:
        raise RepositoryError(repo, f"{path} is an empty repository (no commits yet)")
    return refs


def read_pull_block(path: Path, block: int | None) -> dict[str, list[int]]:
    """The ``refs/pull/N/head`` with N in [1000 * block, 1000 * block + 999], as commit id
    -> PR numbers, from the ref store alone (no object is opened).

    A literal prefix (``refs/pull/332???/head``) lets git binary-search its packed refs,
    so a repository with hundreds of thousands of PRs answers as fast as a small one.
    ``block=None`` lists every pull head.
    """
    if block is None:
        patterns = ["refs/pull"]
    elif block > 0:
        patterns = [f"refs/pull/{block}???/head"]
    else:
        patterns = ["refs/pull/?/head", "refs/pull/??/head", "refs/pull/???/head"]
    out = run_git(path, ["for-each-ref", "--format=%(objectname) %(refname)", *patterns])
    heads: dict[str, list[int]] = {}
    for line in out.split("\n"):
        sha, _, name = line.partition(" ")
        number = name.removeprefix("refs/pull/").removesuffix("/head")
        if number.isdigit():
            heads.setdefault(sha, []).append(int(number))
    return heads
