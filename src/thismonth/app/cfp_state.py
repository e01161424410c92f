"""Use case: ask GitHub whether the Call for Participation's issues are still open.

Apart from ``app/cfp.py`` so that ``check`` and ``publish`` load the GitHub client only
when ``--cfp-state`` asks for it.
"""

from __future__ import annotations

import datetime as dt

from thismonth.app.cfp import IssueStates
from thismonth.config import Config, default_config
from thismonth.errors import UsageError
from thismonth.sources.github import GitHubSource, api_url_from_env, discover_token
from thismonth.sources.github._issue_state import issue_states


def github_states(config: Config | None = None, api_url: str | None = None) -> IssueStates:
    """Ask GitHub (the token and API URL found as the GitHub source finds them)."""
    token = discover_token(None)
    if not token:
        raise UsageError("--cfp-state needs a GitHub token: set GITHUB_TOKEN or GH_TOKEN")
    source = GitHubSource(
        config or default_config(),
        token=token,
        api_url=api_url_from_env(api_url),
    )

    def ask(
        refs: list[tuple[str, int]],
    ) -> tuple[dict[tuple[str, int], dt.datetime | None], list[str]]:
        return issue_states(source, refs)

    return ask
