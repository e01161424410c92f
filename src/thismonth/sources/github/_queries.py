"""The GraphQL the client sends, and the builder that packs several parts into one request.

One request may carry a page of a pull-request search, a page of the Call for
Participation issue search and up to ``REPO_BATCH`` repositories (aliases ``r0``, ``r1``,
...), so a month costs requests in proportion to its pull requests, not to the org.
Every query built here is validated against GitHub's published schema by the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

PAGE = 100
REPO_BATCH = 50
TAGS = 100
RELEASES = 50
LABELS = 20

RATE_LIMIT = "rateLimit { cost remaining resetAt }"

PULL_FIELDS = f"""
fragment PullFields on PullRequest {{
  number
  title
  url
  mergedAt
  baseRefName
  mergeCommit {{ oid }}
  author {{ __typename login }}
  labels(first: {LABELS}) {{ nodes {{ name }} }}
  repository {{ nameWithOwner defaultBranchRef {{ name }} isArchived isFork }}
}}
"""

ISSUE_FIELDS = f"""
fragment IssueFields on Issue {{
  number
  title
  url
  createdAt
  labels(first: {LABELS}) {{ nodes {{ name }} }}
  repository {{ nameWithOwner }}
}}
"""

COMMIT_TARGET = "__typename oid ... on Commit { committedDate }"

REPO_FIELDS = f"""
fragment RepoFields on Repository {{
  nameWithOwner
  defaultBranchRef {{ name }}
  releases(first: {RELEASES}, orderBy: {{field: CREATED_AT, direction: DESC}}) {{
    nodes {{ tagName url publishedAt isDraft }}
  }}
  refs(refPrefix: "refs/tags/", first: {TAGS}, orderBy: {{field: TAG_COMMIT_DATE, direction: DESC}}) {{
    nodes {{
      name
      target {{
        {COMMIT_TARGET}
        ... on Tag {{ tagger {{ date }} target {{ {COMMIT_TARGET} }} }}
      }}
    }}
  }}
}}
"""

HISTORY_FIELDS = """
fragment HistoryFields on CommitHistoryConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    oid
    messageHeadline
    committedDate
    url
    author { name user { login } }
    associatedPullRequests(first: 1) { nodes { number } }
  }
}
"""


@dataclass
class Request:
    """A GraphQL request under construction: parts become aliased top-level fields."""

    name: str = "Batch"
    variables: dict[str, Any] = field(default_factory=dict)
    _decl: list[str] = field(default_factory=list)
    _fields: list[str] = field(default_factory=list)
    _fragments: set[str] = field(default_factory=set)

    def _var(self, name: str, type_: str, value: Any) -> str:
        self._decl.append(f"${name}: {type_}")
        self.variables[name] = value
        return f"${name}"

    def search_pulls(self, alias: str, query: str, after: str | None) -> None:
        self._search(alias, query, after, "PullFields", PULL_FIELDS)

    def search_issues(self, alias: str, query: str, after: str | None) -> None:
        self._search(alias, query, after, "IssueFields", ISSUE_FIELDS)

    def _search(
        self, alias: str, query: str, after: str | None, fields: str, fragment: str
    ) -> None:
        """One page of a search: PRs and issues differ only in the fields asked for."""
        q = self._var(f"{alias}_q", "String!", query)
        a = self._var(f"{alias}_after", "String", after)
        self._fields.append(
            f"{alias}: search(query: {q}, type: ISSUE, first: {PAGE}, after: {a}) {{\n"
            "    issueCount\n    pageInfo { hasNextPage endCursor }\n"
            f"    nodes {{ ...{fields} }}\n  }}"
        )
        self._fragments.add(fragment)

    def repository(
        self,
        alias: str,
        repo: str,
        branches: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        owner, name = repo.split("/", 1)
        o = self._var(f"{alias}_owner", "String!", owner)
        n = self._var(f"{alias}_name", "String!", name)
        inner = ["...RepoFields"]
        for i, branch in enumerate(branches):
            b = self._var(f"{alias}_b{i}", "String!", f"refs/heads/{branch}")
            s = self._var(f"{alias}_b{i}_since", "GitTimestamp", since)
            u = self._var(f"{alias}_b{i}_until", "GitTimestamp", until)
            inner.append(
                f"b{i}: ref(qualifiedName: {b}) {{ target {{ ... on Commit {{ "
                f"history(first: {PAGE}, since: {s}, until: {u}) {{ ...HistoryFields }} }} }} }}"
            )
            self._fragments.add(HISTORY_FIELDS)
        self._fields.append(f"{alias}: repository(owner: {o}, name: {n}) {{ {' '.join(inner)} }}")
        self._fragments.add(REPO_FIELDS)

    def history_page(
        self, alias: str, repo: str, branch: str, since: str, until: str, after: str
    ) -> None:
        """One more page of a development branch's history (rare: >100 commits a month)."""
        owner, name = repo.split("/", 1)
        o = self._var(f"{alias}_owner", "String!", owner)
        n = self._var(f"{alias}_name", "String!", name)
        b = self._var(f"{alias}_b", "String!", f"refs/heads/{branch}")
        s = self._var(f"{alias}_since", "GitTimestamp", since)
        u = self._var(f"{alias}_until", "GitTimestamp", until)
        a = self._var(f"{alias}_after", "String", after)
        self._fields.append(
            f"{alias}: repository(owner: {o}, name: {n}) {{ ref(qualifiedName: {b}) {{ target {{ "
            f"... on Commit {{ history(first: {PAGE}, since: {s}, until: {u}, after: {a}) "
            "{ ...HistoryFields } } } } }"
        )
        self._fragments.add(HISTORY_FIELDS)

    def text(self) -> str:
        decl = f"({', '.join(self._decl)})" if self._decl else ""
        body = "\n  ".join([RATE_LIMIT, *self._fields])
        frags = "".join(sorted(self._fragments))
        return f"query {self.name}{decl} {{\n  {body}\n}}\n{frags}"
