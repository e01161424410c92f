"""Whether issues are still open: the Call for Participation before publishing.

One GraphQL request per ``BATCH`` issues (aliases ``i0``, ``i1``...), each asking the
issue's ``state`` and ``closedAt``. An issue GitHub cannot resolve is reported, not
guessed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from thismonth.sources.github._exceptions import GitHubError
from thismonth.sources.github._queries import RATE_LIMIT

BATCH = 30


def query(refs: list[tuple[str, int]]) -> tuple[str, dict[str, Any]]:
    decl: list[str] = []
    fields: list[str] = []
    variables: dict[str, Any] = {}
    for i, (repo, number) in enumerate(refs):
        owner, name = repo.split("/", 1)
        decl += [f"$o{i}: String!", f"$n{i}: String!", f"$k{i}: Int!"]
        variables.update({f"o{i}": owner, f"n{i}": name, f"k{i}": number})
        fields.append(
            f"i{i}: repository(owner: $o{i}, name: $n{i}) {{ issue(number: $k{i}) {{ state closedAt }} }}"
        )
    text = (
        f"query IssueStates({', '.join(decl)}) {{\n  {RATE_LIMIT}\n  "
        + "\n  ".join(fields)
        + "\n}\n"
    )
    return text, variables


def issue_states(
    source: Any, refs: list[tuple[str, int]]
) -> tuple[dict[tuple[str, int], datetime | None], list[str]]:
    """(repo, number) -> when it was closed (None: open), and what could not be asked."""
    asked = list(dict.fromkeys(refs))
    states: dict[tuple[str, int], datetime | None] = {}
    problems: list[str] = []
    try:
        source.client.resume()
        for start in range(0, len(asked), BATCH):
            batch = asked[start : start + BATCH]
            text, variables = query(batch)
            try:
                data, errors = source.client.graphql(text, variables)
            except GitHubError as exc:
                problems.append(source.client.scrub(str(exc)))
                break
            for e in errors:
                problems.append(str(e.get("message", e))[:200])
            for i, ref in enumerate(batch):
                issue = ((data or {}).get(f"i{i}") or {}).get("issue")
                if not isinstance(issue, dict):
                    continue
                closed = issue.get("closedAt")
                states[ref] = (
                    datetime.fromisoformat(str(closed).replace("Z", "+00:00"))
                    if issue.get("state") == "CLOSED" and closed
                    else None
                )
    finally:
        source.client.close()
    for ref in asked:
        if ref not in states and not problems:
            problems.append(f"{ref[0]}#{ref[1]}: GitHub did not answer for this issue")
    return states, problems
