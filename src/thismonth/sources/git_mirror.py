"""Local mirrors of remote repositories, with the pull refs rebase merges need.

A mirror is a bare repository ``NAME.git`` whose ``origin`` fetches branches, tags and
GitHub's ``refs/pull/N/head``; a second fetch brings only what is new (git negotiates
what both sides have). A working clone the user made is refreshed in place, with the
pull refspec added once. A first clone is built beside its final place and renamed
there only when the fetch succeeded, so a failed run leaves nothing half-made.

Credentials: a token is handed to git as an ``http.<url>.extraHeader`` through
``GIT_CONFIG_*`` environment variables, scoped to one https host: it never appears on a
command line, in ``.git/config`` or in a message.
"""

from __future__ import annotations

import base64
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from thismonth.sources.git_run import GitFailed, run_git

PULL_REFSPEC = "+refs/pull/*/head:refs/pull/*/head"
MIRROR_REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", PULL_REFSPEC)


@dataclass(frozen=True)
class Credentials:
    """A token for one https host (``github.com`` or a GitHub Enterprise host)."""

    host: str
    token: str = field(repr=False)

    def env_for(self, url: str) -> dict[str, str]:
        """git config for ``url`` as environment: the token only for https to ``host``."""
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc.lower() != self.host.lower():
            return {}
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        return {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.https://{self.host}/.extraHeader",
            "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}",
        }

    def scrub(self, text: str) -> str:
        basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode()
        return text.replace(self.token, "***").replace(basic, "***")


class MirrorError(Exception):
    """One repository could not be cloned or fetched; ``str`` is a one-line reason."""


@dataclass
class Fetched:
    """What one clone or fetch changed, from the refs before and after."""

    path: Path
    created: bool
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated or self.deleted)


def mirror(
    path: Path, url: str, *, default_branch: str | None, credentials: Credentials | None
) -> Fetched:
    """Create the bare mirror ``path`` of ``url`` (pull refs included)."""
    building = path.with_name(f".{path.name}.cloning")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        _git(building, ["init", "--quiet", "--bare"], credentials)
        _git(building, ["config", "remote.origin.url", url], credentials)
        for spec in MIRROR_REFSPECS:
            _git(building, ["config", "--add", "remote.origin.fetch", spec], credentials)
        _fetch(building, url, credentials)
        _set_head(building, url, default_branch, credentials)
        refs = _refs(building)
        building.rename(path)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Fetched(path, created=True, new=sorted(refs))


def refresh(
    path: Path, *, default_branch: str | None = None, credentials: Credentials | None = None
) -> Fetched:
    """Fetch what is new into an existing clone, adding the pull refspec if it lacks it."""
    url = _git(path, ["config", "--get", "remote.origin.url"], credentials, missing="").strip()
    if not url:
        raise MirrorError("no remote 'origin' to fetch from")
    specs = _git(path, ["config", "--get-all", "remote.origin.fetch"], credentials, missing="")
    if PULL_REFSPEC not in specs.split():
        _git(path, ["config", "--add", "remote.origin.fetch", PULL_REFSPEC], credentials)
    before = _refs(path)
    _fetch(path, url, credentials)
    if (path / "HEAD").is_file() and not (path / ".git").exists():
        _set_head(path, url, default_branch, credentials)
    after = _refs(path)
    return Fetched(
        path,
        created=False,
        new=sorted(set(after) - set(before)),
        updated=sorted(r for r in after if r in before and after[r] != before[r]),
        deleted=sorted(set(before) - set(after)),
    )


def _fetch(path: Path, url: str, credentials: Credentials | None) -> None:
    env = credentials.env_for(url) if credentials else {}
    _git(path, ["fetch", "--quiet", "--prune", "origin"], credentials, env=env)


def _set_head(path: Path, url: str, branch: str | None, credentials: Credentials | None) -> None:
    """Point a bare mirror's HEAD at the default branch (the git source reads it)."""
    if branch is None:
        if _git(path, ["rev-parse", "--verify", "--quiet", "HEAD"], credentials, missing=""):
            return
        env = credentials.env_for(url) if credentials else {}
        out = _git(path, ["ls-remote", "--symref", "origin", "HEAD"], credentials, env=env)
        first = out.splitlines()[0] if out else ""
        if not first.startswith("ref: refs/heads/"):
            return
        branch = first.split()[1].removeprefix("refs/heads/")
    if _git(
        path, ["rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], credentials, missing=""
    ):
        _git(path, ["symbolic-ref", "HEAD", f"refs/heads/{branch}"], credentials)


def _refs(path: Path) -> dict[str, str]:
    out = run_git(path, ["for-each-ref", "--format=%(objectname) %(refname)"])
    return {name: sha for sha, _, name in (ln.partition(" ") for ln in out.splitlines()) if name}


def _git(
    path: Path,
    args: list[str],
    credentials: Credentials | None,
    *,
    env: dict[str, str] | None = None,
    missing: str | None = None,
) -> str:
    """git, its failure as a MirrorError without the token; ``missing`` is returned
    instead when the command merely found nothing (``config --get``, ``--verify``)."""
    try:
        return run_git(path, args, env=env)
    except GitFailed as exc:
        if missing is not None:
            return missing
        message = credentials.scrub(exc.message) if credentials else exc.message
        raise MirrorError(f"git {args[0]} failed: {message}") from None
