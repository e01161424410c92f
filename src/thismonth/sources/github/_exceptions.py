"""Errors of the GitHub source, each a one-line message that says what to do.

    SourceError                   (thismonth.errors: exit 1)
    └── GitHubError               any failure talking to GitHub
        ├── AuthError             401: the token is wrong, expired or revoked
        ├── ForbiddenError        403 that is not a rate limit: the token lacks access
        ├── NotFoundError         404 / GraphQL NOT_FOUND: unknown organization or repository
        ├── RateLimitError        the primary rate limit is exhausted and waiting was declined
        ├── ResponseError         malformed JSON, an unexpected shape, 422, a GraphQL error
        ├── IncompleteSearchError the search returned fewer results than it counted
        └── UnreachableError      no answer (connection refused, timeouts) after the retries

Messages never contain the token: the client scrubs every message it builds.
"""

from __future__ import annotations

from thismonth.errors import SourceError


class GitHubError(SourceError):
    pass


class AuthError(GitHubError):
    pass


class ForbiddenError(GitHubError):
    pass


class NotFoundError(GitHubError):
    pass


class RateLimitError(GitHubError):
    pass


class ResponseError(GitHubError):
    pass


class IncompleteSearchError(GitHubError):
    pass


class UnreachableError(GitHubError):
    pass
