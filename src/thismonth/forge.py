"""Where a repository lives on GitHub or GitHub Enterprise: its remote and its links.

Every stage recognises the same shapes (a clone's remote, a PR link, a commit link), so
they live here once. The host is a parameter, never ``github.com`` written into a
pattern, so that a newsletter on GitHub Enterprise (``newsletter.github_url``) gets the
same treatment.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DEFAULT_WEB = "https://github.com"

# Links on any host: owner/name/pull/N, the commit inside a PR, owner/name/commit/SHA.
PULL_URL = re.compile(r"^https?://(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s]+)/pull/(\d+)", re.I)
PULL_COMMIT_URL = re.compile(
    r"^https?://(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s]+)/pull/\d+/commits/([0-9a-f]{7,40})", re.I
)
COMMIT_URL = re.compile(
    r"^https?://(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s]+)/commit/([0-9a-f]{7,40})", re.I
)


def web_host(github_url: str) -> str:
    """``github.com`` or the Enterprise host of ``newsletter.github_url``."""
    return urlsplit(github_url).netloc.lower() or "github.com"


def repo_url(github_url: str, repo: str) -> str:
    """The web page of ``owner/name`` (or of a login) on ``github_url``."""
    return f"{(github_url or DEFAULT_WEB).rstrip('/')}/{repo}"


def repo_from_remote(remote: str, host: str = "github.com") -> tuple[str, str] | None:
    """``(owner, name)`` of a clone's ``remote.origin.url`` on ``host``, else None.

    Understands ``https://HOST/o/n(.git)``, ``git@HOST:o/n.git`` and ``ssh://git@HOST/o/n``.
    """
    m = re.search(
        rf"{re.escape(host)}[:/]+(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$",
        remote.strip(),
        re.I,
    )
    return (m.group("owner"), m.group("name")) if m else None
