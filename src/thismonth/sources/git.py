"""The git source: merged pull requests, dev-branch commits and releases from local clones.

It reads a clone or bare mirror per project, never the network. For one month it makes a
small number of git calls per repository, each bounded by the month: ``rev-parse`` and
``for-each-ref`` to open it (git_run), one identity scan of recent history (git_people),
one first-parent ``git log`` per branch plus one for the merges' second parents
(git_log), the pull heads pushed near the month (git_pulls, rebase merges), and a
``rev-list`` per release tag made since the month (tags). So drafting a month grows
with that month's commits, not with the whole history.

Learning collects a dozen months with one GitSource (in threads), told them first
(``plan``). What those months share is then read once per run, each month still getting
exactly what its own calls would give: one identity scan per clone covering all their
windows (git_history; before, one per clone and month: 260 scans for 20 clones and 13
months, the biggest share of a cold draft's git time), one first-parent walk per branch
down to the oldest month and one ``rev-list`` per release tag (git_walks), and each
block of pull heads listed once (git_pulls.PullHeads). The clones' refs are read once
per run too.

Modules: git_run (running git, refs), git_log (reading commits, parsing messages),
git_people (logins), git_history and git_walks (what a run's months share), git_pulls
(rebase merges), tags (releases, shared with the GitHub source), and this one, which
puts them together per repository and month.

How a PR is recognised on a branch's first-parent history:

* ``Merge pull request #N from OWNER/BRANCH`` (GitHub merge commit, title in the body),
* ``Title (#N)`` (squash merge), ``Merge #N`` (bors), ``Auto merge of #N - OWNER:BRANCH``
  (homu),
* a commit equal (same author, author date and subject) to a commit of
  ``refs/pull/N/head`` (rebase merge), when the clone has the pull refs.

Commits reached through a merge's second parent belong to that merge and are never
reported on their own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from thismonth.config import ProjectConfig, is_bot_name
from thismonth.errors import RepositoryError, SourceError
from thismonth.forge import DEFAULT_WEB, repo_from_remote, repo_url, web_host
from thismonth.models import Commit, Person, PullRequest, Release, RepoActivity
from thismonth.months import Month
from thismonth.sources import Collected
from thismonth.sources.git_folder import unnamed_clones, unnamed_warning
from thismonth.sources.git_history import SharedHistory
from thismonth.sources.git_log import (
    SLACK,
    GitCommit,
    Landing,
    first_parent_log,
    parse_landing,
    read_commits,
)
from thismonth.sources.git_memo import MonthMemo
from thismonth.sources.git_people import (
    IdentityBook,
    coauthors,
    login_from_email,
    person_from_login,
)
from thismonth.sources.git_pulls import PullHeads, match_pull_heads
from thismonth.sources.git_run import GitFailed, RepoRefs, open_repo, run_git
from thismonth.sources.git_walks import SharedWalks
from thismonth.sources.tags import first_releases, package_versions, tagged_between

__all__ = ["GitSource", "locate_clone", "project_for_path"]


def locate_clone(repos_dir: Path, project: ProjectConfig) -> Path:
    """``repos_dir/CLONE`` or ``repos_dir/CLONE.git``; RepositoryError when neither exists."""
    clone = project.clone or project.short
    for candidate in (repos_dir / clone, repos_dir / f"{clone}.git"):
        if candidate.is_dir():
            return candidate
    by_hand = (
        f"`git clone --mirror {project.url or repo_url(DEFAULT_WEB, project.repo)} "
        f"{repos_dir / clone}.git`"
    )
    if clone == project.short:  # where `thismonth clone` puts it, pull refs included
        by_hand = f"`thismonth clone {project.owner} --into {repos_dir}` or {by_hand}"
    raise RepositoryError(
        project.repo, f"no clone at {repos_dir / clone} or {repos_dir / clone}.git: run {by_hand}"
    )


def project_for_path(path: Path, github_url: str = DEFAULT_WEB) -> ProjectConfig:
    """A project for a bare path: owner/name from ``remote.origin.url``, else local/DIR."""
    name = path.resolve().name.removesuffix(".git") or "repo"
    repo = f"local/{name}"
    try:
        origin = run_git(path, ["config", "--get", "remote.origin.url"]).strip()
    except (GitFailed, SourceError):
        origin = ""
    if found := repo_from_remote(origin, web_host(github_url)):
        repo = "/".join(found)
    short = repo.split("/", 1)[1]
    return ProjectConfig(repo=repo, name=short, clone=str(path), url=repo_url(github_url, repo))


@dataclass
class _Found:
    """A PR found on a branch, before dedupe and release annotation."""

    pull: PullRequest
    distance: timedelta  # from the month window; 0 inside


@dataclass
class _BranchScan:
    name: str
    commits: list[GitCommit] = field(default_factory=list)  # in window, oldest first


class GitSource:
    name = "git"

    def __init__(
        self,
        repos_dir: Path | None,
        *,
        paths: dict[str, Path] | None = None,
        discover: bool = True,
        cache: Path | None = None,
    ) -> None:
        self.repos_dir = repos_dir
        self.paths = dict(paths or {})
        # also read the folder's clones no project names (Collected.discovered)
        self.discover = discover
        # months already read, in the activity cache at ``cache`` (git_memo)
        self.memo = MonthMemo(cache)
        self._refs: dict[Path, RepoRefs] = {}  # clones opened in this run
        self._lock = threading.Lock()
        self._opening: dict[Path, threading.Lock] = {}
        # one identity scan per clone for all the months of the run (git_history)
        self.history = SharedHistory()
        self.walks = SharedWalks()  # one first-parent walk per branch (git_walks)
        self.pull_heads = PullHeads()  # the pull refs, read once (git_pulls)

    def plan(self, months: list[Month], tz: tzinfo) -> None:
        """The months this run will collect (learning's past months and the draft's): the
        clones' identity history is then read once for all of them. Never needed for a
        right answer, only for a fast one."""
        self.history.plan(month.window(tz)[1] for month in months)
        if len(months) > 1:
            self.walks.plan(min(month.window(tz)[0] for month in months) - SLACK)

    def _open(self, path: Path, repo: str) -> RepoRefs:
        """The clone's refs, read once per run (learning reads a dozen months, in threads)."""
        with self._lock:
            lock = self._opening.setdefault(path, threading.Lock())
        with lock:
            if path not in self._refs:
                self._refs[path] = open_repo(path, repo)
            return self._refs[path]

    # ------------------------------------------------------------ public API

    def collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        """Every project of the month. People are learned across all repositories first
        (a contributor's login seen in one repository names them in the others).

        A month read before from clones whose refs have not moved since is read back
        from the activity cache (git_memo), its warnings said again."""
        key = self._month_key(projects, month, tz)
        if key is not None and (known := self.memo.get(key)) is not None:
            return self._with_cache_problem(known)
        collected = self._collect_month(projects, month, tz)
        if key is not None:
            self.memo.put(key, collected)
        return self._with_cache_problem(collected)

    def _with_cache_problem(self, collected: Collected) -> Collected:
        if self.memo.problem and self.memo.problem not in collected.warnings:
            collected.warnings.append(self.memo.problem)
        return collected

    def _month_key(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> str | None:
        if self.memo.path is None:
            return None
        clones: dict[str, Path] = {}
        try:
            for project in projects:
                clones[project.repo] = self._path(project)
        except RepositoryError:
            return None  # the collect says which clone is missing
        for project, path in self._unconfigured(projects):
            clones[project.repo] = path
        settings = f"{self.repos_dir}|{sorted(self.paths.items())}|{self.discover}"
        return self.memo.key(projects, month, tz, clones, settings)

    def _collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        collected = Collected()
        book = IdentityBook()
        opened: dict[str, tuple[Path, RepoRefs]] = {}
        end = month.window(tz)[1]
        for project in projects:
            try:
                path = self._path(project)
                opened[project.repo] = (path, self._open(path, project.repo))
                book.learn_history(
                    path, project.owner, end, collected.warnings.append, self.history
                )
            except RepositoryError as exc:
                collected.warnings.append(str(exc))
                collected.failed[project.repo] = str(exc)
        for project in projects:
            if project.repo not in opened:
                continue
            path, refs = opened[project.repo]
            try:
                collected.activities[project.repo] = self._run(
                    project, month, tz, path, refs, book, learn=False
                )
            except RepositoryError as exc:
                collected.warnings.append(str(exc))
                collected.failed[project.repo] = str(exc)
        if self.repos_dir is not None and not self.discover:
            collected.warnings += unnamed_warning(
                self.repos_dir, unnamed_clones(self.repos_dir, projects)
            )
        if projects and not collected.activities:
            raise SourceError(
                f"no repository could be read ({len(projects)} failed); "
                f"first: {collected.warnings[0]}"
            )
        for project, path in self._unconfigured(projects):
            try:
                refs = self._open(path, project.repo)
                activity = self._run(project, month, tz, path, refs, book, learn=True)
            except RepositoryError as exc:
                collected.warnings.append(f"{exc} (a clone no project names)")
                continue
            collected.discovered[project.repo] = activity
        return collected

    def _unconfigured(self, projects: list[ProjectConfig]) -> list[tuple[ProjectConfig, Path]]:
        """Clones in the repositories folder that no project names, as projects of their
        own (owner/name from ``remote.origin.url``, else the projects' usual owner): the
        draft makes "new project" sections of those active in the month."""
        if not self.discover or self.repos_dir is None or not self.repos_dir.is_dir():
            return []
        claimed = {p.repo.lower() for p in projects}
        owners = [p.owner for p in projects]
        owner = max(set(owners), key=owners.count) if owners else "local"
        # The projects' web host (github.com or an Enterprise server), from their URLs.
        bases = [p.url.rsplit("/", 2)[0] for p in projects if p.url.count("/") >= 4]
        web = max(set(bases), key=bases.count) if bases else DEFAULT_WEB
        out = []
        for path in unnamed_clones(self.repos_dir, projects):
            project = project_for_path(path, web)
            if project.repo.startswith("local/"):
                repo = f"{owner}/{project.short}"
                project = replace(project, repo=repo, url=repo_url(web, repo))
            if project.repo.lower() not in claimed:
                out.append((project, path))
        return out

    def collect(self, project: ProjectConfig, month: Month, tz: tzinfo) -> RepoActivity:
        path = self._path(project)
        refs = open_repo(path, project.repo)
        return self._run(project, month, tz, path, refs, IdentityBook(), learn=True)

    def _run(
        self,
        project: ProjectConfig,
        month: Month,
        tz: tzinfo,
        path: Path,
        refs: RepoRefs,
        book: IdentityBook,
        *,
        learn: bool,
    ) -> RepoActivity:
        try:
            collector = _Collector(
                project, month, tz, path, refs, book, self.walks, self.pull_heads
            )
            if learn:
                book.learn_history(path, project.owner, collector.end, shared=self.history)
            return collector.run()
        except GitFailed as exc:
            raise RepositoryError(project.repo, f"git failed in {path}: {exc.message}") from None

    # ------------------------------------------------------------ helpers

    def _path(self, project: ProjectConfig) -> Path:
        if project.repo in self.paths:
            return Path(self.paths[project.repo])
        if self.repos_dir is None:
            clone = Path(project.clone)
            if clone.is_absolute() or clone.exists():
                return clone
            raise RepositoryError(
                project.repo, "no repositories folder given: pass --repos DIR or a path"
            )
        return locate_clone(self.repos_dir, project)


class _Collector:
    """One repository, one month."""

    def __init__(
        self,
        project: ProjectConfig,
        month: Month,
        tz: tzinfo,
        path: Path,
        refs: RepoRefs,
        book: IdentityBook,
        walks: SharedWalks | None = None,
        pull_heads: PullHeads | None = None,
    ) -> None:
        self.project = project
        self.walks = walks
        self.pull_heads = pull_heads
        self.tz = tz
        self.path = path
        self.refs = refs
        self.start, self.end = month.window(tz)
        self.url = (project.url or repo_url(DEFAULT_WEB, project.repo)).rstrip("/")
        self.book = book
        self.warnings: list[str] = []
        self.numbers: set[int] = set()  # PR numbers the month's messages name
        self.second: dict[str, GitCommit] = {}  # merges' second parents

    def in_window(self, moment: datetime) -> bool:
        return self.start <= moment.astimezone(self.tz) < self.end

    def distance(self, moment: datetime) -> timedelta:
        m = moment.astimezone(self.tz)
        if m < self.start:
            return self.start - m
        if m >= self.end:
            return m - self.end
        return timedelta(0)

    # ------------------------------------------------------------ branches

    def default_branch(self) -> tuple[str, str]:
        """(short name, ref) of the default branch; RepositoryError when there is none."""
        wanted = self.project.default_branch
        if wanted:
            ref = self.refs.branch(wanted)
            if ref is not None:
                return wanted, ref.name
            self.warnings.append(
                f"{self.project.repo}: default branch {wanted!r} not found in {self.path};"
                " used the repository's own default (fix `default_branch`)"
            )
        if self.refs.head:
            name = self.refs.head.removeprefix("refs/heads/")
            ref = self.refs.branch(name)
            return name, ref.name if ref else self.refs.head
        for name in ("main", "master"):
            ref = self.refs.branch(name)
            if ref is not None:
                return name, ref.name
        if len(self.refs.branches) == 1:
            name, ref = next(iter(self.refs.branches.items()))
            return name, ref.name
        raise RepositoryError(
            self.project.repo,
            f"cannot tell the default branch of {self.path}: set `default_branch` in config",
        )

    def scan(self, name: str, ref: str, skip: set[str]) -> _BranchScan:
        scan = _BranchScan(name)
        for commit in reversed(
            first_parent_log(self.path, ref, self.start, self.end, self.warnings.append, self.walks)
        ):
            if commit.sha in skip or not self.in_window(commit.committed_at):
                continue
            scan.commits.append(commit)
        return scan

    # ------------------------------------------------------------ the month

    def run(self) -> RepoActivity:
        default, default_ref = self.default_branch()
        scans = [self.scan(default, default_ref, set())]
        on_default = {c.sha for c in scans[0].commits}
        for dev in self.project.dev_branches:
            ref = self.refs.branch(dev)
            if ref is None:
                self.warnings.append(
                    f"{self.project.repo}: branch {dev!r} not found in {self.path}; skipped"
                )
                continue
            if dev == default:
                continue
            scans.append(self.scan(dev, ref.name, on_default))

        # Second parents of merges: authors of branches pushed to the org's own repo.
        seconds = [c.parents[1] for s in scans for c in s.commits if len(c.parents) > 1]
        second = read_commits(self.path, seconds, self.warnings.append)
        self.second = second
        for commit in (*second.values(), *(c for s in scans for c in s.commits)):
            self.book.learn_commit(commit.author_name, commit.author_email, key=commit.sha)
        for m in self.project.maintainers:
            self.book.know(m.login)
            self.book.know_person(m.login)

        landed: list[tuple[_BranchScan, GitCommit, Landing]] = []
        plain: list[tuple[_BranchScan, GitCommit]] = []
        for s in scans:
            for commit in s.commits:
                found = parse_landing(commit)
                for landing in found:
                    landed.append((s, commit, landing))
                    self._learn_from_landing(commit, landing, second)
                if not found:
                    plain.append((s, commit))  # also "Merge branch 'main' into next"

        self.numbers = {landing.number for _, _, landing in landed}
        found_pulls: list[_Found] = []
        for s, commit, landing in landed:
            found_pulls.append(self._pull_from_landing(s, commit, landing, second))
        rebased, direct = self._match_pull_refs(scans, plain)
        found_pulls.extend(rebased)

        pulls = self._dedupe(found_pulls)
        commits = [
            Commit(
                repo=self.project.repo,
                sha=c.sha,
                title=c.subject,
                url=f"{self.url}/commit/{c.sha}",
                author=self.book.person(c.author_name, c.author_email),
                committed_at=c.committed_at,
                branch=s.name,
            )
            for s, c in direct
            if s.name != default
        ]
        releases, pulls = self._releases(pulls)
        return RepoActivity(
            repo=self.project.repo,
            default_branch=default,
            pulls=pulls,
            commits=commits,
            releases=releases,
            warnings=self.warnings,
        )

    # ------------------------------------------------------------ PRs from messages

    def _learn_from_landing(
        self, commit: GitCommit, landing: Landing, second: dict[str, GitCommit]
    ) -> None:
        if not landing.login or landing.login.lower() == self.project.owner.lower():
            return
        if landing.how in ("merge", "homu") and len(commit.parents) > 1:
            tip = second.get(commit.parents[1])
            if tip is not None and not login_from_email(tip.author_email):
                self.book.learn_head(
                    tip.author_name, tip.author_email, landing.login, key=commit.parents[1]
                )
        if landing.how == "bors":
            people = coauthors(commit.body)
            if len(people) == 1:
                self.book.learn(people[0][0], people[0][1], landing.login, key=commit.sha)

    def _author(self, commit: GitCommit, landing: Landing, second: dict[str, GitCommit]) -> Person:
        tip = second.get(commit.parents[1]) if len(commit.parents) > 1 else None
        if landing.how in ("merge", "homu") and tip is not None:
            # A noreply address on the branch is surer than the head repository's owner,
            # which may be an organisation's fork.
            noreply = login_from_email(tip.author_email)
            if noreply and not is_bot_name(noreply):
                return person_from_login(noreply, tip.author_name)
        login = landing.login
        if login and login.lower() != self.project.owner.lower():
            if landing.how in ("merge", "homu") and tip is not None:
                return self.book.head_owner(
                    login, tip.author_name, tip.author_email, commit.author_name
                )
            return self.book.head_owner(login)
        if landing.how in ("merge", "homu"):
            # A branch in the project's own repository: the branch's author wrote the PR.
            branch = landing.head_branch or ""
            for bot in ("dependabot", "renovate"):
                if branch.startswith(f"{bot}/"):
                    return Person(name=f"{bot}[bot]", login=f"{bot}[bot]", bot=True)
            if tip is not None:
                return self.book.person(tip.author_name, tip.author_email)
        if landing.how == "bors":
            people = coauthors(commit.body)
            if people:
                return self.book.person(*people[0])
        return self.book.person(commit.author_name, commit.author_email)

    def _pull_from_landing(
        self,
        scan: _BranchScan,
        commit: GitCommit,
        landing: Landing,
        second: dict[str, GitCommit],
    ) -> _Found:
        title = landing.title
        if not title and len(commit.parents) > 1 and commit.parents[1] in second:
            title = second[commit.parents[1]].subject
        return _Found(
            PullRequest(
                repo=self.project.repo,
                number=landing.number,
                title=title or commit.subject,
                url=f"{self.url}/pull/{landing.number}",
                author=self._author(commit, landing, second),
                merged_at=commit.committed_at,
                base_branch=scan.name,
                merge_commit=commit.sha,
                how=landing.how,
            ),
            self.distance(commit.committed_at),
        )

    # ------------------------------------------------------------ rebase merges

    def _match_pull_refs(
        self, scans: list[_BranchScan], plain: list[tuple[_BranchScan, GitCommit]]
    ) -> tuple[list[_Found], list[tuple[_BranchScan, GitCommit]]]:
        """PRs among the commits no message names, through ``refs/pull/N/head``."""
        by_name = {s.name: s for s in scans}
        landings = match_pull_heads(
            self.path,
            [(s.name, s.commits) for s in scans],
            {c.sha for _, c in plain},
            self.numbers,
            self.end,
            self.warnings.append,
            self.pull_heads,
        )
        used = {c.sha for landing in landings for c in landing.commits}
        found = [
            self._rebased_pull(by_name[x.branch], x.number, list(x.commits), x.last, x.head)
            for x in landings
        ]
        return found, [(s, c) for s, c in plain if c.sha not in used]

    def _rebased_pull(
        self,
        scan: _BranchScan,
        number: int,
        group: list[GitCommit],
        last: GitCommit,
        head: str | None,
    ) -> _Found:
        # GitHub titles a one-commit PR with its subject; with more, the first is closest.
        first = group[0]
        title = first.subject
        if head is not None and head != last.sha and head in self.second:
            # A merge made by hand of the PR's head: the head tells title and author.
            first = self.second[head]
            title = first.subject
        return _Found(
            PullRequest(
                repo=self.project.repo,
                number=number,
                title=title,
                url=f"{self.url}/pull/{number}",
                author=self.book.person(first.author_name, first.author_email),
                merged_at=last.committed_at,
                base_branch=scan.name,
                merge_commit=last.sha,
                how="rebase" if len(last.parents) <= 1 else "merge",
            ),
            self.distance(last.committed_at),
        )

    # ------------------------------------------------------------ dedupe

    def _dedupe(self, found: list[_Found]) -> list[PullRequest]:
        """One PR per number, the evidence nearest the month (the default branch wins ties,
        as it is scanned first)."""
        best: dict[int, _Found] = {}
        order: list[int] = []
        for f in found:
            current = best.get(f.pull.number)
            if current is None:
                best[f.pull.number] = f
                order.append(f.pull.number)
                continue
            nearer = f.distance < current.distance
            # Same distance: a message naming the PR beats a rebase match.
            better = f.distance == current.distance and current.pull.how == "rebase" != f.pull.how
            if nearer or better:
                best[f.pull.number] = f
        pulls = [best[n].pull for n in order if best[n].distance == timedelta(0)]
        return sorted(pulls, key=lambda p: (p.merged_at, p.number))

    # ------------------------------------------------------------ releases

    def _releases(self, pulls: list[PullRequest]) -> tuple[list[Release], list[PullRequest]]:
        versions = package_versions(self.project, self.refs.tags)
        releases = [
            Release(
                repo=self.project.repo,
                package=tag.package,
                version=tag.version,
                tag=tag.tag,
                date=tag.date,
                previous=prev.version if prev else None,
                url=f"{self.url}/releases/tag/{tag.tag}",
            )
            for tag, prev in tagged_between(versions, self.start, self.end)
        ]
        merges = [(p.merge_commit, p.merged_at) for p in pulls if p.merge_commit]
        if self.walks is not None:
            firsts = first_releases(self.path, versions, merges, self.walks.reach)
        else:
            firsts = first_releases(self.path, versions, merges)
        annotated = [
            replace(p, released_in=firsts[p.merge_commit])
            if p.merge_commit and firsts.get(p.merge_commit)
            else p
            for p in pulls
        ]
        return releases, annotated
