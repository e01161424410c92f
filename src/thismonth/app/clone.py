"""``clone``: an organization's repositories as local mirrors, pull refs included.

The git source needs one clone per repository and, for rebase merges, GitHub's
``refs/pull/N/head``; this use case makes both one command and keeps them fresh:

* :func:`clone_org` lists the owner's repositories through the GitHub API (archived ones
  and forks left out unless asked), mirrors those not yet under ``into`` and fetches what
  is new into those that are;
* :func:`update_clones` fetches what is new into every clone under a folder, without
  the API.

A repository that fails becomes a failed :class:`RepoOutcome` and the others proceed;
only when every one failed is it an error (:attr:`CloneReport.all_failed`, for the
caller to raise once it has shown why each failed). Nothing is printed here:
``progress`` is called with each outcome as it completes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from thismonth.errors import SourceError, UsageError
from thismonth.sources.git_folder import is_clone
from thismonth.sources.git_mirror import Credentials, Fetched, MirrorError, mirror, refresh
from thismonth.sources.github import OwnerRepo, RetryPolicy, clone_host, list_repositories

# GitHub's own rule for repository names; anything else is refused as a folder name.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
PLACEHOLDERS = ("{owner}", "{name}", "{repo}")


@dataclass
class RepoOutcome:
    name: str
    path: Path
    fetched: Fetched | None = None
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass
class CloneReport:
    outcomes: list[RepoOutcome] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (owner/name, why)
    unlisted: list[Path] = field(default_factory=list)  # clones the owner no longer lists

    @property
    def failed(self) -> list[RepoOutcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def all_failed(self) -> bool:
        """Nothing was cloned or fetched: an error, where some failures are warnings."""
        return bool(self.outcomes) and len(self.failed) == len(self.outcomes)


Progress = Callable[[RepoOutcome, int, int], None]


def clone_url_for(repo: OwnerRepo, template: str | None) -> str:
    """The URL to fetch ``repo`` from: the API's own, or ``template`` filled in."""
    if template is None:
        return repo.url.rstrip("/") + ".git"
    owner, _, name = repo.full_name.partition("/")
    return (
        template.replace("{owner}", owner).replace("{name}", name).replace("{repo}", repo.full_name)
    )


def check_template(template: str | None) -> None:
    if template is not None and not any(p in template for p in PLACEHOLDERS):
        raise UsageError(
            f"--clone-url {template!r}: use {{name}} (and {{owner}}) where the repository goes, "
            "e.g. 'https://ghe.example.com/{owner}/{name}.git'"
        )


def clone_org(
    owner: str,
    into: Path,
    *,
    token: str,
    api_url: str | None = None,
    archived: bool = False,
    forks: bool = False,
    clone_url: str | None = None,
    jobs: int = 4,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
) -> CloneReport:
    """Mirror ``owner``'s repositories under ``into`` (``NAME.git``), or fetch what is new."""
    check_template(clone_url)
    _check_folder(into, create=True)
    listed = list_repositories(
        owner, token=token, api_url=api_url, transport=transport, policy=policy
    )
    report = CloneReport()
    chosen: list[OwnerRepo] = []
    for repo in listed:
        why = _left_out(repo, archived=archived, forks=forks)
        if why:
            report.left_out.append((repo.full_name, why))
        else:
            chosen.append(repo)
    host = clone_host(api_url)
    jobs_: list[tuple[str, Path, Callable[[], Fetched]]] = []
    for repo in chosen:
        path = _existing(into, repo.name) or into / f"{repo.name}.git"
        url = clone_url_for(repo, clone_url)
        # The token goes only to the host the API named, never to an overriding URL's.
        api_host = urlsplit(repo.url).netloc
        creds = Credentials(api_host or host, token)
        jobs_.append((repo.name, path, _task(repo, path, url, creds)))
    names = {r.name for r in listed}
    report.unlisted = [p for p in _clones(into) if p.name.removesuffix(".git") not in names]
    report.outcomes = _run(jobs_, jobs, progress)
    return report


def update_clones(
    into: Path,
    *,
    token: str | None = None,
    api_url: str | None = None,
    jobs: int = 4,
    progress: Progress | None = None,
) -> CloneReport:
    """Fetch what is new into every clone under ``into`` (pull refs included)."""
    _check_folder(into, create=False)
    clones = _clones(into)
    if not clones:
        raise UsageError(f"--update {into}: no clones in this folder (make them with clone ORG)")
    creds = Credentials(clone_host(api_url), token) if token else None
    tasks = [
        (p.name.removesuffix(".git"), p, (lambda p=p: refresh(p, credentials=creds)))
        for p in clones
    ]
    return CloneReport(outcomes=_run(tasks, jobs, progress))


# ------------------------------------------------------------------ helpers


def _left_out(repo: OwnerRepo, *, archived: bool, forks: bool) -> str | None:
    if not _SAFE_NAME.fullmatch(repo.name) or repo.name in (".", ".."):
        return "its name is not a safe folder name"
    if repo.archived and not archived:
        return "archived (--archived includes it)"
    if repo.fork and not forks:
        return "a fork (--forks includes it)"
    return None


def _task(repo: OwnerRepo, path: Path, url: str, creds: Credentials) -> Callable[[], Fetched]:
    if path.exists():
        return lambda: refresh(path, default_branch=repo.default_branch, credentials=creds)
    return lambda: mirror(path, url, default_branch=repo.default_branch, credentials=creds)


def _existing(into: Path, name: str) -> Path | None:
    """The clone of ``name`` already there, bare (``NAME.git``) or working (``NAME``)."""
    for candidate in (into / f"{name}.git", into / name):
        if is_clone(candidate):
            return candidate
    return None


def _clones(into: Path) -> list[Path]:
    return [p for p in sorted(into.iterdir()) if not p.name.endswith(".cloning") and is_clone(p)]


def _check_folder(into: Path, *, create: bool) -> None:
    if into.exists() and not into.is_dir():
        raise UsageError(f"{into}: not a folder")
    if not into.exists():
        if not create:
            raise UsageError(f"--update {into}: no such folder")
        try:
            into.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(f"--into {into}: cannot create it ({exc.strerror})") from None


def _run(
    tasks: Iterable[tuple[str, Path, Callable[[], Fetched]]],
    jobs: int,
    progress: Progress | None,
) -> list[RepoOutcome]:
    todo = list(tasks)
    outcomes: list[RepoOutcome] = []

    def one(name: str, path: Path, work: Callable[[], Fetched]) -> RepoOutcome:
        try:
            outcome = RepoOutcome(name, path, fetched=work())
        except (MirrorError, SourceError, OSError) as exc:
            outcome = RepoOutcome(name, path, error=str(exc))
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(one, *t) for t in todo]
        for done, future in enumerate(futures, 1):
            outcome = future.result()
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome, done, len(todo))
    return outcomes
