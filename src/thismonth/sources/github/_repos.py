"""An owner's repositories, listed through GraphQL: what ``thismonth clone`` mirrors.

``repositoryOwner`` answers for organizations and users alike, so ``clone`` works for a
personal account too. Pages of 100, sorted by name so progress reads alphabetically.
Archived repositories and forks are listed with their flags; the caller decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from thismonth.sources.github._client import Client, RetryPolicy
from thismonth.sources.github._exceptions import NotFoundError, ResponseError
from thismonth.sources.github._queries import PAGE, RATE_LIMIT
from thismonth.sources.github._token import api_url_from_env, endpoints

OWNER_REPOS = f"""
query OwnerRepos($login: String!, $after: String) {{
  {RATE_LIMIT}
  repositoryOwner(login: $login) {{
    __typename
    login
    repositories(first: {PAGE}, after: $after, orderBy: {{field: NAME, direction: ASC}}) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ name nameWithOwner url isArchived isFork isEmpty defaultBranchRef {{ name }} }}
    }}
  }}
}}
"""


@dataclass(frozen=True)
class OwnerRepo:
    """One repository as GitHub describes it; ``url`` is its web (and https clone) URL."""

    name: str
    full_name: str
    url: str
    default_branch: str | None
    archived: bool = False
    fork: bool = False
    empty: bool = False


def list_repositories(
    login: str,
    *,
    token: str,
    api_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
) -> list[OwnerRepo]:
    """Every repository of the organization or user ``login``, archived and forks included."""
    client = Client(api_url_from_env(api_url), token, transport=transport, policy=policy)
    try:
        return _list(client, login)
    finally:
        client.close()


def _list(client: Client, login: str) -> list[OwnerRepo]:
    found: list[OwnerRepo] = []
    after: str | None = None
    while True:
        data, errors = client.graphql(OWNER_REPOS, {"login": login, "after": after})
        owner = data.get("repositoryOwner") if isinstance(data, dict) else None
        if owner is None:
            if errors and not any(e.get("type") == "NOT_FOUND" for e in errors):
                raise ResponseError(
                    client.scrub(
                        f"GitHub: listing {login}'s repositories: {errors[0].get('message')}"
                    )
                )
            raise NotFoundError(
                f"GitHub has no organization or user {login!r} (or the token cannot see it)"
            )
        try:
            page = owner["repositories"]
            found += [_repo(node) for node in page["nodes"] if node]
            info = page["pageInfo"]
        except (KeyError, TypeError):
            raise ResponseError(
                f"GitHub answered the repository list of {login!r} in an unexpected shape"
            ) from None
        if not info.get("hasNextPage"):
            return found
        after = info.get("endCursor")


def _repo(node: dict[str, Any]) -> OwnerRepo:
    branch = node.get("defaultBranchRef") or {}
    return OwnerRepo(
        name=node["name"],
        full_name=node["nameWithOwner"],
        url=node["url"],
        default_branch=branch.get("name"),
        archived=bool(node.get("isArchived")),
        fork=bool(node.get("isFork")),
        empty=bool(node.get("isEmpty")),
    )


def clone_host(api_url: str | None) -> str:
    """The host serving the clones of an API's repositories: github.com for api.github.com,
    the API's own host for GitHub Enterprise (``https://HOST/api``)."""
    rest, _ = endpoints(api_url_from_env(api_url))
    host = urlsplit(rest).netloc
    return "github.com" if host.lower() == "api.github.com" else host
