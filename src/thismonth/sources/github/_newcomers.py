"""Who merged a pull request in the organization before a month: one count per login.

Each login becomes ``org:ORG is:pr is:merged author:LOGIN merged:<START`` and only the
``issueCount`` is asked, up to ``BATCH`` logins per GraphQL request (aliases). GitHub's
search follows an account across renames (PRs belong to the account, not to the old
login), so a renamed contributor is not welcomed twice; deleted accounts ("ghost") are
never asked about.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from thismonth.sources.github._exceptions import GitHubError
from thismonth.sources.github._queries import RATE_LIMIT
from thismonth.sources.github._search import stamp

BATCH = 20
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")


def query(organization: str, logins: list[str], before: datetime) -> tuple[str, dict[str, Any]]:
    decl = ", ".join(f"$q{i}: String!" for i in range(len(logins)))
    fields = "\n  ".join(
        f"a{i}: search(query: $q{i}, type: ISSUE, first: 1) {{ issueCount }}"
        for i in range(len(logins))
    )
    text = f"query EarlierPulls({decl}) {{\n  {RATE_LIMIT}\n  {fields}\n}}\n"
    variables = {
        f"q{i}": f"org:{organization} is:pr is:merged author:{login} merged:<{stamp(before)}"
        for i, login in enumerate(logins)
    }
    return text, variables


def earlier_authors(
    source: Any, organization: str, logins: list[str], before: datetime
) -> tuple[set[str], list[str]]:
    """The ``logins`` (lower-cased) with a merged PR in the org before ``before``, and
    the problems that make the answer incomplete."""
    asked = sorted({x for x in logins if _LOGIN.match(x)}, key=str.lower)
    known: set[str] = set()
    problems: list[str] = []
    try:
        source.client.resume()
        for i in range(0, len(asked), BATCH):
            batch = asked[i : i + BATCH]
            text, variables = query(organization, batch, before)
            try:
                data, errors = source.client.graphql(text, variables)
            except GitHubError as exc:
                problems.append(source.client.scrub(str(exc)))
                break
            if errors:
                problems.append("; ".join(str(e.get("message", e)) for e in errors)[:200])
                break
            for j, login in enumerate(batch):
                count = ((data or {}).get(f"a{j}") or {}).get("issueCount")
                if not isinstance(count, int):
                    problems.append(f"no count for {login}")
                elif count > 0:
                    known.add(login.lower())
    finally:
        source.client.close()
    return known, problems
