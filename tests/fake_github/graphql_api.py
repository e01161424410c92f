"""The fake's GraphQL endpoint: GitHub's published schema, executed over a World.

graphql-core executes queries against GitHub's own schema with resolvers made of dicts
and callables, so any query the schema allows works, and an invalid one is refused the
way GitHub refuses it. The search understands what thismonth sends: ``org:``, ``repo:``,
``is:pr|issue|merged|open``, ``merged:A..B`` and ``label:"a","b"``, with GitHub's
1,000-result cap and a true ``issueCount``; free words match titles (saved searches),
``author:`` and ``merged:<DATE`` answer who contributed before (newcomers).
"""

from __future__ import annotations

import base64
import functools
import re
from datetime import UTC, datetime
from typing import Any

from graphql import DocumentNode, GraphQLError, execute, parse

from fake_github.schemas import graphql_schema, query_errors
from fake_github.world import Issue, Pull, Repo, World, iso, oid

SEARCH_CAP = 1000
CANNOT_SEARCH = (
    "The listed users and repositories cannot be searched either because the resources do "
    "not exist or you do not have permission to view them."
)
_TERM = re.compile(r'(-?)(\w+):((?:"[^"]*"|[^\s,"]+)(?:,(?:"[^"]*"|[^\s,"]+))*)')


def _cursor(n: int) -> str:
    return base64.b64encode(f"cursor:{n}".encode()).decode()


def _first(first: int | None) -> int:
    """GitHub's bounds on ``first``: 1 to 100."""
    if first is None:
        raise GraphQLError("You must provide a `first` or `last` value to properly paginate.")
    if not 1 <= first <= 100:
        raise GraphQLError(f"Requesting {first} records exceeds the `first` limit of 100 records.")
    return first


def _offset(after: str | None) -> int:
    if not after:
        return 0
    return int(base64.b64decode(after).decode().split(":")[1])


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@functools.lru_cache(maxsize=256)
def _checked(query: str) -> tuple[str, ...]:
    """Validation against GitHub's schema, once per distinct query text."""
    return tuple(query_errors(query))


@functools.lru_cache(maxsize=256)
def _parsed(query: str) -> DocumentNode:
    return parse(query)


class GraphQLApi:
    def __init__(self, world: World, base_url: str, *, incomplete: bool = False) -> None:
        self.world = world
        self.base_url = base_url
        self.incomplete = incomplete
        self.invalid: list[tuple[str, list[str]]] = []  # queries refused by the schema
        self.rate: dict[str, Any] = {}
        self._cache: dict[str, tuple[int, list[tuple[Any, Repo]]]] = {}

    def execute(self, query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        problems = _checked(query)
        if problems:
            self.invalid.append((query, list(problems)))
            return {"errors": [{"message": p, "type": "INVALID"} for p in problems]}
        result = execute(
            graphql_schema(), _parsed(query), root_value=self, variable_values=variables or {}
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = []
            for e in result.errors:
                fmt = e.formatted
                ext = fmt.pop("extensions", None) or {}
                if "type" in ext:
                    fmt["type"] = ext["type"]
                body["errors"].append(fmt)
        return body

    # ------------------------------------------------------------- root fields

    def rateLimit(self, info: Any, **_: Any) -> dict[str, Any]:
        return {
            "cost": 1,
            "limit": 5000,
            "nodeCount": 100,
            "used": 0,
            "remaining": 5000,
            "resetAt": "2099-01-01T00:00:00Z",
            **self.rate,
        }

    def repository(self, info: Any, owner: str, name: str, **_: Any) -> dict[str, Any] | None:
        repo = self.world.find(f"{owner}/{name}")
        if repo is None:
            raise GraphQLError(
                f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                extensions={"type": "NOT_FOUND"},
            )
        return self._repo(repo)

    def repositoryOwner(self, info: Any, login: str, **_: Any) -> dict[str, Any] | None:
        """An organization's repositories by name (GitHub answers null for an unknown login)."""
        if login.lower() not in self.world.owners():
            return None
        repos = sorted(
            (r for r in self.world.repos.values() if r.owner.lower() == login.lower()),
            key=lambda r: r.name.lower(),
        )

        def repositories(info: Any, first: int | None = None, after: str | None = None, **_: Any):
            start = _offset(after)
            page = repos[start : start + _first(first)]
            return {
                "totalCount": len(repos),
                "pageInfo": {
                    "hasNextPage": start + len(page) < len(repos),
                    "endCursor": _cursor(start + len(page)),
                },
                "nodes": [
                    {
                        **self._repo_ref(r),
                        "name": r.name,
                        "url": self._url(r),
                        "isArchived": r.archived,
                        "isFork": r.fork,
                        "isEmpty": False,
                    }
                    for r in page
                ],
            }

        return {"__typename": "Organization", "login": repos[0].owner, "repositories": repositories}

    def search(
        self,
        info: Any,
        query: str,
        type: str,
        first: int | None = None,
        after: str | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        items = self._matches(query)
        total = len(items)
        visible = items[:SEARCH_CAP]
        start = _offset(after)
        page = visible[start : start + _first(first)]
        nodes = [self._pull(p, r) if isinstance(p, Pull) else self._issue(p, r) for p, r in page]
        if self.incomplete:
            nodes = [n for i, n in enumerate(nodes) if i % 10 != 9]
        end = start + len(page)
        return {
            "issueCount": total,
            "pageInfo": {
                "hasNextPage": end < len(visible),
                "endCursor": _cursor(end) if page else None,
                "hasPreviousPage": start > 0,
                "startCursor": _cursor(start) if page else None,
            },
            "nodes": nodes,
        }

    def _matches(self, query: str) -> list[tuple[Any, Repo]]:
        """Every match of ``query``, sorted; cached while the World does not change."""
        version = sum(len(r.pulls) + len(r.issues) for r in self.world.repos.values())
        cached = self._cache.get(query)
        if cached is not None and cached[0] == version:
            return cached[1]
        terms: dict[str, list[str]] = {}
        for neg, key, value in _TERM.findall(query):
            if neg:
                continue
            terms.setdefault(key, []).extend(v.strip('"') for v in value.split(","))
        terms["word"] = [
            w for w in _TERM.sub(" ", query).split() if not w.startswith("-") and ":" not in w
        ]
        repos = self._scope(terms)
        flags = set(terms.get("is", []))
        items: list[tuple[Any, Repo]] = []
        for repo in repos:
            if "pr" in flags:
                items.extend((p, repo) for p in repo.pulls if self._pull_matches(p, flags, terms))
            elif "issue" in flags:
                items.extend((i, repo) for i in repo.issues if self._issue_matches(i, flags, terms))
        items.sort(
            key=lambda x: (
                -(getattr(x[0], "merged_at", None) or x[0].created_at).timestamp(),
                x[1].full_name,
                x[0].number,
            )
        )
        self._cache[query] = (version, items)
        return items

    # --------------------------------------------------------------- helpers

    def _scope(self, terms: dict[str, list[str]]) -> list[Repo]:
        repos: list[Repo] = []
        owners = self.world.owners()
        for org in terms.get("org", []):
            if org.lower() not in owners:
                raise GraphQLError(CANNOT_SEARCH, extensions={"type": "INVALID"})
            repos.extend(r for r in self.world.repos.values() if r.owner.lower() == org.lower())
        for name in terms.get("repo", []):
            repo = self.world.find(name)
            if repo is None:
                raise GraphQLError(CANNOT_SEARCH, extensions={"type": "INVALID"})
            repos.append(repo)
        return list({r.full_name: r for r in repos}.values())

    @staticmethod
    def _pull_matches(p: Pull, flags: set[str], terms: dict[str, list[str]]) -> bool:
        if "merged" in flags and p.merged_at is None:
            return False
        for rng in terms.get("merged", []):
            if rng.startswith("<"):  # merged:<DATE (the newcomers' question)
                if p.merged_at is None or not p.merged_at < _when(rng[1:]):
                    return False
                continue
            lo, _, hi = rng.partition("..")
            if p.merged_at is None or not _when(lo) <= p.merged_at <= _when(hi):
                return False
        authors = {x.lower() for x in terms.get("author", [])}
        if authors and p.author.lower() not in authors:
            return False
        wanted = {x.lower() for x in terms.get("label", [])}
        if wanted and not wanted & {x.lower() for x in p.labels}:
            return False
        return all(w.lower() in p.title.lower() for w in terms.get("word", []))

    @staticmethod
    def _issue_matches(i: Issue, flags: set[str], terms: dict[str, list[str]]) -> bool:
        if "open" in flags and i.state != "open":
            return False
        wanted = {x.lower() for x in terms.get("label", [])}
        return not wanted or bool(wanted & {x.lower() for x in i.labels})

    def _url(self, repo: Repo, *parts: object) -> str:
        return "/".join(["https://github.com", repo.full_name, *map(str, parts)])

    def _repo_ref(self, repo: Repo) -> dict[str, Any]:
        return {
            "nameWithOwner": repo.full_name,
            "defaultBranchRef": {"name": repo.default_branch},
            "isArchived": repo.archived,
            "isFork": repo.fork,
        }

    @staticmethod
    def _labels(names: list[str]) -> Any:
        return lambda info, **kw: {
            "nodes": [{"name": n} for n in names[: _first(kw.get("first"))]],
            "totalCount": len(names),
        }

    def _pull(self, p: Pull, repo: Repo) -> dict[str, Any]:
        return {
            "__typename": "PullRequest",
            "number": p.number,
            "title": p.title,
            "url": self._url(repo, "pull", p.number),
            "mergedAt": iso(p.merged_at) if p.merged_at else None,
            "createdAt": iso(p.created_at or p.merged_at or datetime(2020, 1, 1, tzinfo=UTC)),
            "bodyText": p.body,
            "baseRefName": p.base,
            "mergeCommit": {"oid": p.merge_commit} if p.merge_commit else None,
            "author": {"__typename": "Bot" if p.bot else "User", "login": p.author},
            "labels": self._labels(p.labels),
            "repository": self._repo_ref(repo),
        }

    def _issue(self, i: Issue, repo: Repo) -> dict[str, Any]:
        return {
            "__typename": "Issue",
            "number": i.number,
            "title": i.title,
            "url": self._url(repo, "issues", i.number),
            "createdAt": iso(i.created_at),
            "bodyText": i.body,
            "author": {"__typename": "User", "login": i.author},
            "labels": self._labels(i.labels),
            "repository": self._repo_ref(repo),
        }

    def _repo(self, repo: Repo) -> dict[str, Any]:
        def commit_obj(sha: str, date: datetime) -> dict[str, Any]:
            return {"__typename": "Commit", "oid": sha, "committedDate": iso(date)}

        def tag_node(t: Any) -> dict[str, Any]:
            target = commit_obj(t.commit, t.date)
            if t.tagger_date is not None:
                target = {
                    "__typename": "Tag",
                    "oid": oid(repo.full_name, "tag", t.name),
                    "tagger": {"date": iso(t.tagger_date)},
                    "target": target,
                }
            return {"name": t.name, "target": target}

        def refs(
            info: Any,
            refPrefix: str = "",
            first: int | None = None,
            after: str | None = None,
            orderBy: Any = None,
            **_: Any,
        ) -> dict[str, Any]:
            tags = (
                sorted(repo.tags, key=lambda t: t.tagger_date or t.date, reverse=True)
                if refPrefix == "refs/tags/"
                else []
            )
            start = _offset(after)
            page = tags[start : start + _first(first)]
            return {
                "nodes": [tag_node(t) for t in page],
                "totalCount": len(tags),
                "pageInfo": {
                    "hasNextPage": start + len(page) < len(tags),
                    "endCursor": _cursor(start + len(page)),
                },
            }

        def releases(info: Any, first: int | None = None, **_: Any) -> dict[str, Any]:
            rel = sorted(repo.releases, key=lambda r: r.published_at, reverse=True)[: _first(first)]
            return {
                "nodes": [
                    {
                        "tagName": r.tag,
                        "url": self._url(repo, "releases", "tag", r.tag),
                        "publishedAt": iso(r.published_at),
                        "isDraft": r.draft,
                    }
                    for r in rel
                ]
            }

        def ref(info: Any, qualifiedName: str, **_: Any) -> dict[str, Any] | None:
            branch = qualifiedName.removeprefix("refs/heads/")
            if branch not in repo.branches and branch != repo.default_branch:
                return None
            commits = sorted(
                repo.branches.get(branch, []), key=lambda c: c.committed_at, reverse=True
            )

            def history(
                info: Any,
                first: int | None = None,
                after: str | None = None,
                since: str | None = None,
                until: str | None = None,
                **_: Any,
            ) -> dict[str, Any]:
                chosen = [
                    c
                    for c in commits
                    if (since is None or c.committed_at >= _when(since))
                    and (until is None or c.committed_at <= _when(until))
                ]
                start = _offset(after)
                page = chosen[start : start + _first(first)]
                return {
                    "pageInfo": {
                        "hasNextPage": start + len(page) < len(chosen),
                        "endCursor": _cursor(start + len(page)),
                    },
                    "nodes": [
                        {
                            "oid": c.oid,
                            "messageHeadline": c.headline,
                            "committedDate": iso(c.committed_at),
                            "url": self._url(repo, "commit", c.oid),
                            "author": {
                                "name": c.author_name,
                                "user": {"login": c.login} if c.login else None,
                            },
                            "associatedPullRequests": lambda info, c=c, **kw: {
                                "nodes": [{"number": c.pull}] if c.pull else []
                            },
                        }
                        for c in page
                    ],
                }

            head = commits[0] if commits else None
            return {
                "name": branch,
                "target": {
                    "__typename": "Commit",
                    "oid": head.oid if head else oid(repo.full_name, branch),
                    "history": history,
                },
            }

        def issue(info: Any, number: int, **_: Any) -> dict[str, Any] | None:
            found = next((i for i in repo.issues if i.number == number), None)
            if found is None:
                return None
            closed = found.state == "closed"
            return {
                **self._issue(found, repo),
                "state": "CLOSED" if closed else "OPEN",
                "closedAt": iso(found.closed_at) if closed and found.closed_at else None,
            }

        return {
            **self._repo_ref(repo),
            "refs": refs,
            "releases": releases,
            "ref": ref,
            "issue": issue,
        }
