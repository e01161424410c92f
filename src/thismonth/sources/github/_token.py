"""Where the token and the API come from.

Token order: ``--token-env NAME``, ``GITHUB_TOKEN``, ``GH_TOKEN``, then ``gh auth token``
(a logged-in GitHub CLI). The API: ``--api-url``, ``GITHUB_API_URL``, api.github.com.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from urllib.parse import urlsplit

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
    """explicit > GITHUB_API_URL > https://api.github.com, without a trailing slash.

    Checked here, once, so a malformed URL is one line rather than a traceback from deep
    in the HTTP client; and a URL with ``user:password@`` is refused, because URLs end up
    in error messages and cache keys (the token belongs in GITHUB_TOKEN)."""
    url = explicit or os.environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL
    where = "--api-url" if explicit else "GITHUB_API_URL"
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        host = parts.hostname
    except ValueError as exc:
        raise UsageError(
            f"{where} {shown!r}: not a valid URL ({exc}); expected http(s)://HOST[/api]"
        ) from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(f"{where} {shown!r}: expected http(s)://HOST[/api]")
    if "@" in parts.netloc:
        raise UsageError(
            f"{where} {shown!r}: credentials in the URL are not accepted (they would show in "
            "messages and logs): remove them and give the token in GITHUB_TOKEN"
        )
    return url.rstrip("/")


def redact_url(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``: safe to print."""
    return _USERINFO.sub(r"\1***@", url)


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


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
