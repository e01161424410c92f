"""``GitHubSource``: a month of activity from GitHub's GraphQL API, through the store.

A run, for one month window, with up to ``concurrency`` requests in flight:

1. The merged-PR search, per search group (``org:ORG``, ``repo:`` terms for projects
   outside it) and per date window not yet covered. A window whose ``issueCount`` passes
   the 1,000-result cap is split (``_search.split``) and its parts searched side by side.
2. Beside it, the configured repositories that need (re)fetching, ``REPO_BATCH`` per
   request (default branch, tags, releases, development-branch history), the first page
   of the Call for Participation issue search riding along in the first one.
3. Writes wait until every repository answered, so an unknown repository (or a token
   without access) leaves the cache as it was; then each finished search window is
   committed with its PRs, one transaction each, so an interrupted run resumes there.
4. In the current month, configured repositories that got new PRs are refreshed.

A month that has ended and is fully covered costs no request. In the current month,
repository data younger than ``REFRESH_AFTER`` is reused, and the search covers only the
time since the last run (less ``SEARCH_LAG``, the search index's delay).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

from thismonth.config import Config, ProjectConfig
from thismonth.errors import UsageError
from thismonth.months import Month
from thismonth.sources import Collected
from thismonth.sources.github import _queries as q
from thismonth.sources.github import _records as rec
from thismonth.sources.github._client import Client, RetryPolicy
from thismonth.sources.github._exceptions import (
    ForbiddenError,
    GitHubError,
    IncompleteSearchError,
    NotFoundError,
    RateLimitError,
    ResponseError,
)
from thismonth.sources.github._search import (
    SEARCH_CAP,
    Window,
    issues_query,
    pulls_query,
    scopes,
    split,
    subtract,
)
from thismonth.sources.github._token import NO_TOKEN, api_url_from_env
from thismonth.store import Store

SEARCH_LAG = timedelta(minutes=10)
REFRESH_AFTER = timedelta(hours=1)


class GitHubSource:
    name = "github"

    def __init__(
        self,
        config: Config,
        *,
        token: str,
        api_url: str | None = None,
        store: Store | None = None,
        wait_on_rate_limit: bool = True,
        concurrency: int = 4,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] | None = None,
        console: Console | None = None,
    ) -> None:
        if not token:
            raise UsageError(NO_TOKEN)
        self.config = config
        self.api_url = api_url_from_env(api_url)
        self.store = store if store is not None else Store(Path(":memory:"))
        self.concurrency = max(1, concurrency)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.console = console or Console(stderr=True, highlight=False)
        self.client = Client(
            self.api_url,
            token,
            store=self.store,
            wait_on_rate_limit=wait_on_rate_limit,
            policy=policy,
            transport=transport,
            concurrency=self.concurrency,
            console=self.console,
        )

    @property
    def requests(self) -> int:
        """HTTP requests sent so far, retries included."""
        return self.client.requests

    def close(self) -> None:
        self.client.close()

    # ---------------------------------------------------------------- public

    def collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        start, end = (t.astimezone(UTC) for t in month.window(tz))
        window: Window = (start, end)
        run = _Run(self, projects, window, f"{month}@{start.isoformat()}..{end.isoformat()}")
        self.client.resume()
        before = self.client.requests
        try:
            run.fetch()
        finally:
            self.client.close()
        sent = self.client.requests - before
        self.console.print(
            f"github: {month}: {sent} request{'s' if sent != 1 else ''}"
            + (" (all from the cache)" if sent == 0 else ""),
            markup=False,
            highlight=False,
        )
        state = self.store.load_month(run.scope, run.key)
        return rec.assemble(
            self.config,
            projects,
            window,
            state.pulls,
            {repo: data for repo, (_, data) in state.repos.items()},
            state.issues[1] if state.issues else [],
        )


class _Run:
    """One ``collect_month``: what is missing, fetched and committed piece by piece."""

    def __init__(
        self, source: GitHubSource, projects: list[ProjectConfig], window: Window, key: str
    ) -> None:
        self.source = source
        self.client = source.client
        self.store = source.store
        self.config = source.config
        self.projects = projects
        self.window = window
        self.key = key
        self.now = source.clock().astimezone(UTC)
        self.horizon = min(self.now - SEARCH_LAG, window[1])
        self.closed = self.now - SEARCH_LAG >= window[1]
        org = self.config.newsletter.organization
        outside = sorted({p.repo for p in projects if not org or p.owner.lower() != org.lower()})
        self.groups = scopes(org, outside)
        self.labels = list(self.config.newsletter.cfp_labels)
        self.scope = hashlib.sha256(
            json.dumps(
                [self.client.graphql_url, org.lower(), outside, sorted(self.labels)]
            ).encode()
        ).hexdigest()[:16]

    # -------------------------------------------------------------- planning

    def fetch(self) -> None:
        if not self.groups:
            return
        state = self.store.load_month(self.scope, self.key)
        stale = [p for p in self.projects if self._stale(p, state.repos.get(p.repo))]
        need_issues = bool(self.labels) and (
            state.issues is None or not self._fresh(state.issues[0])
        )
        missing = {g: subtract(self.window, state.coverage.get(g, [])) for g in self.groups}
        missing = {g: ws for g, ws in missing.items() if ws}
        if not stale and not need_issues and not missing:
            if self.closed:
                self.store.mark_complete(self.scope, self.key)
            return
        self.old_pulls = {(p["repo"], p["number"]) for p in state.pulls}
        pool = ThreadPoolExecutor(self.source.concurrency, thread_name_prefix="github")
        self.pool = pool
        try:
            # Searches first (the critical path), repositories beside them; nothing is
            # written until the repositories answered, so a 404 leaves the cache as it was.
            searches = self._start_search(missing)
            batches = self._start_repositories(stale, need_issues)
            refreshed: set[str] = set()

            def gate() -> None:
                refreshed.update(self._finish_repositories(batches))

            try:
                new = self._search(searches, gate)
            except RateLimitError as stopped:
                try:
                    gate()  # keep what was fetched before the stop
                except RateLimitError:
                    pass  # the same stop, met by the repositories too
                except GitHubError:
                    # A 403/404 will not go away with the reset: it is the error to show;
                    # the rate limit is said too, never hidden either way.
                    self.source.console.print(f"warning: {stopped}", markup=False, soft_wrap=True)
                    raise
                raise
            touched = {
                p.repo
                for p in self.projects
                if p.repo not in refreshed and any(r.lower() == p.repo.lower() for r, _ in new)
            }
            if touched and not self.closed:
                later = [p for p in self.projects if p.repo in touched]
                self._finish_repositories(self._start_repositories(later, False))
        except BaseException as exc:
            # Ctrl-C or an error: stop the workers (sleeping ones included) and leave;
            # every committed piece stays, the next run resumes from there. After an
            # error, a request still in flight is let finish (it is bounded by the
            # timeouts) so that closing the client cannot strand its socket; Ctrl-C
            # leaves at once.
            self.client.cancel()
            pool.shutdown(wait=not isinstance(exc, KeyboardInterrupt), cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        if self.closed:
            state = self.store.load_month(self.scope, self.key)
            if not any(self._stale(p, state.repos.get(p.repo)) for p in self.projects) and all(
                not subtract(self.window, state.coverage.get(g, [])) for g in self.groups
            ):
                self.store.mark_complete(self.scope, self.key)

    def _fresh(self, fetched_at: datetime) -> bool:
        if self.closed:
            return fetched_at >= self.window[1] + SEARCH_LAG
        return self.now - fetched_at < REFRESH_AFTER

    def _stale(self, project: ProjectConfig, row: tuple[datetime, dict[str, Any]] | None) -> bool:
        if row is None:
            return True
        fetched_at, data = row
        if data.get("branches", []) != list(project.dev_branches):
            return True
        return not self._fresh(fetched_at)

    # ---------------------------------------------------------- repositories

    def _start_repositories(self, projects: list[ProjectConfig], with_issues: bool) -> list[Future]:
        batches = [projects[i : i + q.REPO_BATCH] for i in range(0, len(projects), q.REPO_BATCH)]
        if not batches and with_issues:
            batches = [[]]
        return [
            self.pool.submit(self._repo_batch, batch, with_issues and i == 0)
            for i, batch in enumerate(batches)
        ]

    def _finish_repositories(self, futures: list[Future]) -> set[str]:
        """Wait for the repository batches; commit them only if all answered."""
        repos: dict[str, dict[str, Any]] = {}
        issues: list[dict[str, Any]] | None = None
        for future in futures:
            got, found = future.result()
            repos.update(got)
            if found is not None:
                issues = found
        if repos:
            self.store.save_repos(self.scope, self.key, self.now, repos)
        if issues is not None:
            self.store.save_issues(self.scope, self.key, self.now, issues)
        return set(repos)

    def _repo_batch(
        self, batch: list[ProjectConfig], with_issues: bool
    ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]] | None]:
        req = q.Request("Repositories")
        since, until = (rec_stamp(t) for t in self.window)
        for i, project in enumerate(batch):
            req.repository(f"r{i}", project.repo, project.dev_branches, since, until)
        if with_issues:
            for g, group in enumerate(self.groups):
                req.search_issues(f"i{g}", issues_query(group, self.labels), None)
        data, errors = self.client.graphql(req.text(), req.variables)
        self._raise_for(
            errors, {f"r{i}": p.repo for i, p in enumerate(batch)}, " ".join(self.groups)
        )
        repos: dict[str, dict[str, Any]] = {}
        for i, project in enumerate(batch):
            node = data.get(f"r{i}")
            if node is None:
                raise NotFoundError(self._not_found(project.repo))
            info = rec.repo_raw(project.repo, node, project.dev_branches)
            info["branches"] = list(project.dev_branches)
            for b, branch in enumerate(project.dev_branches):
                history = rec.history_of(node.get(f"b{b}"))
                while history and history["pageInfo"]["hasNextPage"]:
                    more = q.Request("History")
                    more.history_page(
                        "h", project.repo, branch, since, until, history["pageInfo"]["endCursor"]
                    )
                    page, errs = self.client.graphql(more.text(), more.variables)
                    self._raise_for(errs, {"h": project.repo})
                    history = rec.history_of((page.get("h") or {}).get("ref"))
                    if history:
                        info["commits"].extend(
                            rec.commit_raw(c, branch) for c in history.get("nodes") or []
                        )
            repos[project.repo] = info
        issues = None
        if with_issues:
            issues = []
            for g, group in enumerate(self.groups):
                issues.extend(self._all_issues(group, data.get(f"i{g}")))
        return repos, issues

    def _all_issues(self, group: str, result: dict[str, Any] | None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            if result is None:
                raise ResponseError(f"GitHub answered the issue search for {group} with no result")
            found.extend(x for n in result.get("nodes") or [] if (x := rec.issue_raw(n)))
            info = result["pageInfo"]
            if not info["hasNextPage"] or len(found) >= SEARCH_CAP:
                return found
            req = q.Request("Issues")
            req.search_issues("i", issues_query(group, self.labels), info["endCursor"])
            data, errors = self.client.graphql(req.text(), req.variables)
            self._raise_for(errors, {}, group)
            result = data.get("i")

    # ----------------------------------------------------------------- search

    def _start_search(self, missing: dict[str, list[Window]]) -> set[Future]:
        return {
            self.pool.submit(self._window, group, w)
            for group, windows in missing.items()
            for w in windows
        }

    def _search(self, pending: set[Future], gate: Callable[[], None]) -> set[tuple[str, int]]:
        """Follow the window searches to the end, committing each finished window."""
        new: set[tuple[str, int]] = set()
        gated = False
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                group, w, parts, pulls = future.result()
                if parts:
                    pending.update(self.pool.submit(self._window, group, p) for p in parts)
                    continue
                if not gated:
                    gate()
                    gated = True
                covered = (w[0], min(w[1], self.horizon)) if w[0] < self.horizon else None
                self.store.save_window(self.scope, self.key, group, covered, pulls)
                new.update(
                    (p["repo"], p["number"])
                    for p in pulls
                    if (p["repo"], p["number"]) not in self.old_pulls
                )
        if not gated:
            gate()
        return new

    def _window(
        self, group: str, w: Window
    ) -> tuple[str, Window, list[Window], list[dict[str, Any]]]:
        """All merged PRs of one group in one window, or the parts to search instead."""
        query = pulls_query(group, w)
        pulls: list[dict[str, Any]] = []
        after = None
        count = 0
        while True:
            req = q.Request("MergedPulls")
            req.search_pulls("s", query, after)
            data, errors = self.client.graphql(req.text(), req.variables)
            self._raise_for(errors, {}, group)
            result = data.get("s")
            if result is None:
                raise ResponseError(f"GitHub answered the search {query!r} with no result")
            count = result["issueCount"]
            if count > SEARCH_CAP:
                parts = split(w, count, self.now, self.source.concurrency)
                if not parts:
                    raise IncompleteSearchError(
                        f"GitHub search {query!r} counts {count} results in one second, over "
                        f"its {SEARCH_CAP}-result cap: cannot split further"
                    )
                return group, w, parts, []
            pulls.extend(x for n in result.get("nodes") or [] if (x := rec.pull_raw(n)))
            info = result["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        if len(pulls) < count and w[1] <= self.now - SEARCH_LAG:
            raise IncompleteSearchError(
                f"GitHub search {query!r} returned {len(pulls)} of the {count} pull requests it "
                "counted (GitHub reports the search as incomplete); try again later"
            )
        return group, w, [], pulls

    # ----------------------------------------------------------------- errors

    def _raise_for(self, errors: list[dict], aliases: dict[str, str], group: str = "") -> None:
        for error in errors:
            path = error.get("path") or []
            repo = aliases.get(path[0]) if path and isinstance(path[0], str) else None
            kind = error.get("type")
            message = self.client.scrub(str(error.get("message", "")).strip())
            if kind == "NOT_FOUND" and repo:
                raise NotFoundError(self._not_found(repo))
            if "cannot be searched" in message or (kind == "NOT_FOUND" and group):
                raise NotFoundError(
                    f"GitHub cannot search {group or 'the organization'}: the organization or "
                    "repository does not exist or the token cannot see it; check "
                    "newsletter.organization and [[projects]] repo"
                )
            if kind == "FORBIDDEN":
                raise ForbiddenError(
                    f"GitHub refused access{f' to {repo}' if repo else ''} ({message}): "
                    "grant the token access or use another token"
                )
            raise ResponseError(f"GitHub GraphQL error{f' for {repo}' if repo else ''}: {message}")

    def _not_found(self, repo: str) -> str:
        return (
            f"{repo}: repository not found on GitHub at {self.source.api_url} (or the token "
            f'cannot see it); check [[projects]] repo = "{repo}"'
        )


def rec_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
