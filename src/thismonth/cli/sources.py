"""Choosing a source from the command line: ``git``, ``github`` or ``snapshot:FILE``.

Without ``--source`` the choice follows what the user gave: clones (``--repos``) mean
git, a discoverable token means GitHub, and with neither the error says how to get one.

Start-up: each source is imported only when it is chosen (the GitHub source brings
httpx, which a git-only draft never needs). These are the CLI's lazy imports for
start-up time; no module below the CLI imports lazily.
"""

from __future__ import annotations

from pathlib import Path

from thismonth.config import Config
from thismonth.errors import UsageError
from thismonth.sources import Source

HINT = (
    "no source to read: pass --repos DIR (a folder of local clones), "
    "or set GITHUB_TOKEN / GH_TOKEN (or log in with `gh auth login`) to use the GitHub API"
)


def open_source(
    spec: str | None,
    config: Config,
    *,
    repos: Path | None = None,
    api_url: str | None = None,
    token_env: str | None = None,
    no_wait: bool = False,
    discover: bool = True,
) -> Source:
    if spec is None:
        spec = "git" if repos is not None else ("github" if _token(token_env) else None)
    if spec is None:
        raise UsageError(HINT)
    if spec == "git":
        from thismonth.sources.git import GitSource  # lazy: start-up
        from thismonth.store import Store

        if repos is None:
            raise UsageError(
                "--source git needs --repos DIR, a folder with one clone per repository"
            )
        if not repos.is_dir():
            raise UsageError(f"--repos {repos}: no such folder")
        return GitSource(repos, discover=discover, cache=Store.path_for(config))
    if spec == "github":
        from thismonth.sources.github import GitHubSource, api_url_from_env  # lazy: start-up
        from thismonth.store import Store

        token = _token(token_env)
        if not token:
            which = f"${token_env}" if token_env else "GITHUB_TOKEN or GH_TOKEN"
            raise UsageError(
                f"--source github needs a token: set {which}, or log in with `gh auth login`"
            )
        return GitHubSource(
            config,
            token=token,
            api_url=api_url_from_env(api_url),
            store=Store.for_config(config),
            wait_on_rate_limit=not no_wait,
        )
    if spec.startswith("snapshot:"):
        from thismonth.sources.snapshot import SnapshotSource  # lazy: start-up

        return SnapshotSource(Path(spec.removeprefix("snapshot:")))
    raise UsageError(f"--source {spec!r}: use git, github or snapshot:FILE")


def _token(token_env: str | None) -> str | None:
    from thismonth.sources.github import discover_token  # lazy: start-up

    return discover_token(token_env)
