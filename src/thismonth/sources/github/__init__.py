"""The ``github`` source: a month of activity from GitHub's API, cached, rate-limit safe.

Public API::

    GitHubSource(config, *, token, api_url=None, store=None, wait_on_rate_limit=True,
                 concurrency=4).collect_month(projects, month, tz) -> Collected
    discover_token(token_env=None) -> str | None
    list_repositories(login, *, token, api_url=None) -> list[OwnerRepo]   (for ``clone``)
    api_url_from_env(explicit) -> str

Private modules by concern: ``_client`` (HTTP, retries, rate limits, ETags),
``_queries`` (GraphQL text), ``_repos`` (an owner's repositories), ``_search`` (search
terms and date windows), ``_saved`` (the saved searches of candidate sections), ``_records``
(GitHub's answers to normalized records), ``_source`` (the run), ``_token``,
``_exceptions`` (the error tree).
"""

from thismonth.sources.github._client import RetryPolicy
from thismonth.sources.github._exceptions import (
    AuthError,
    ForbiddenError,
    GitHubError,
    IncompleteSearchError,
    NotFoundError,
    RateLimitError,
    ResponseError,
    UnreachableError,
)
from thismonth.sources.github._repos import OwnerRepo, clone_host, list_repositories
from thismonth.sources.github._saved import SearchHit, month_query, run_searches
from thismonth.sources.github._source import GitHubSource
from thismonth.sources.github._token import NO_TOKEN, api_url_from_env, discover_token

__all__ = [
    "NO_TOKEN",
    "AuthError",
    "ForbiddenError",
    "GitHubError",
    "GitHubSource",
    "IncompleteSearchError",
    "NotFoundError",
    "OwnerRepo",
    "RateLimitError",
    "ResponseError",
    "RetryPolicy",
    "SearchHit",
    "UnreachableError",
    "api_url_from_env",
    "clone_host",
    "discover_token",
    "list_repositories",
    "month_query",
    "run_searches",
]
