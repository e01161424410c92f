"""Where the token and the API come from.

Token order: ``--token-env NAME``, ``GITHUB_TOKEN``, ``GH_TOKEN``, then ``gh auth token``
(a logged-in GitHub CLI). The API: ``--api-url``, ``GITHUB_API_URL``, api.github.com.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from thismonth.errors import UsageError

DEFAULT_API_URL = "https://api.github.com"
NO_TOKEN = (
    "the GitHub source needs a token: set GITHUB_TOKEN or GH_TOKEN, log in with "
    "`gh auth login`, or name another variable with --token-env NAME"
)


def discover_token(token_env: str | None = None) -> str | None:
    """The first token found, or None. An explicit ``token_env`` that is unset is an error."""
    if token_env:
        value = os.environ.get(token_env, "").strip()
        if not value:
            raise UsageError(f"--token-env {token_env}: that environment variable is not set")
        return value
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return _gh_token()


def _gh_token() -> str | None:
    gh = shutil.which("gh")
    if gh is None:
        return None
    try:
        done = subprocess.run(
            [gh, "auth", "token"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    token = done.stdout.strip()
    return token if done.returncode == 0 and token else None


def api_url_from_env(explicit: str | None) -> str:
    """explicit > GITHUB_API_URL > https://api.github.com, without a trailing slash."""
    url = explicit or os.environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"API URL {url!r}: expected http(s)://HOST[/api]")
    return url.rstrip("/")


def endpoints(api_url: str) -> tuple[str, str]:
    """(REST base, GraphQL URL) for api.github.com, GitHub Enterprise, or a test server.

    GitHub Enterprise Server serves REST under ``/api/v3`` and GraphQL at ``/api/graphql``;
    users give either ``https://HOST/api`` or ``https://HOST/api/v3``.
    """
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base, base[: -len("v3")] + "graphql"
    if base.endswith("/api"):
        return base + "/v3", base + "/graphql"
    return base, base + "/graphql"
