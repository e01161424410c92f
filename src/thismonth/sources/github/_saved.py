"""Saved searches: the pull requests and issues a section's ``searches`` find in a month.

A saved search is the user's own GitHub search text (``repo:rust-lang/rust is:pr
label:O-UEFI``). For pull requests thismonth adds ``is:merged`` and the month's
``merged:`` window; issue searches run as written. Results go through the source's
client (rate limits waited out, retries) and are cached in the store like the Call for
Participation search: a finished month is never searched again, the current one at most
once an hour. A search GitHub rejects is one warning naming it; the others proceed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from thismonth.months import Month
from thismonth.sources.github._exceptions import GitHubError
from thismonth.sources.github._queries import LABELS, PAGE, RATE_LIMIT
from thismonth.sources.github._search import stamp

MAX_RESULTS = 300  # a saved search is a list to pick from, not an archive
REFRESH_AFTER = timedelta(hours=1)
SETTLED_AFTER = timedelta(days=2)

SAVED_QUERY = f"""
query SavedSearch($q: String!, $after: String) {{
  {RATE_LIMIT}
  s: search(query: $q, type: ISSUE, first: {PAGE}, after: $after) {{
    issueCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      __typename
      ... on PullRequest {{
        number title url mergedAt createdAt bodyText
        author {{ __typename login }}
        labels(first: {LABELS}) {{ nodes {{ name }} }}
        repository {{ nameWithOwner }}
      }}
      ... on Issue {{
        number title url createdAt bodyText
        author {{ __typename login }}
        labels(first: {LABELS}) {{ nodes {{ name }} }}
        repository {{ nameWithOwner }}
      }}
    }}
  }}
}}
"""


@dataclass(frozen=True)
class SearchHit:
    search: str  # the saved search as the user wrote it
    kind: str  # "pull" or "issue"
    repo: str
    number: int
    title: str
    url: str
    date: datetime  # merged (PRs) or created (issues)
    author: str
    labels: tuple[str, ...]
    body: str  # the first paragraph of the description, plain text


def month_query(search: str, month: Month, tz: tzinfo) -> str:
    """The search as sent: PR searches get ``is:merged`` and the month's window."""
    text = " ".join(search.split())
    if re.search(r"(^|\s)is:(pr|pull-request)(\s|$)", text):
        start, end = (t.astimezone(UTC) for t in month.window(tz))
        if "is:merged" not in text:
            text += " is:merged"
        if "merged:" not in text:
            text += f" merged:{stamp(start)}..{stamp(end - timedelta(seconds=1))}"
    return text


def run_searches(
    source: Any, searches: list[str], month: Month, tz: tzinfo
) -> tuple[list[SearchHit], list[str]]:
    """Every hit of ``searches`` in ``month`` and one warning per search that failed.

    ``source`` is a GitHubSource (its client and store are used).
    """
    try:
        return _run(source, searches, month, tz)
    finally:
        source.client.close()  # as collect_month does: no connection left open


def _run(
    source: Any, searches: list[str], month: Month, tz: tzinfo
) -> tuple[list[SearchHit], list[str]]:
    hits: list[SearchHit] = []
    warnings: list[str] = []
    now = source.clock()
    settled = month.window(tz)[1] + SETTLED_AFTER <= now
    for search in dict.fromkeys(searches):
        query = month_query(search, month, tz)
        scope = "saved:" + hashlib.sha256(query.encode()).hexdigest()[:16]
        state = source.store.load_month(scope, str(month))
        cached = state.issues
        if cached is not None and (state.complete or now - cached[0] < REFRESH_AFTER):
            raw = cached[1]
        else:
            try:
                raw = _fetch(source, query)
            except GitHubError as exc:
                warnings.append(f"search {search!r}: {source.client.scrub(str(exc))}")
                continue
            except _Rejected as exc:
                warnings.append(f"search {search!r}: GitHub rejected it: {exc}")
                continue
            source.store.save_issues(scope, str(month), now, raw)
            if settled:
                source.store.mark_complete(scope, str(month))
        hits.extend(_hit(search, node) for node in raw)
    return hits, warnings


class _Rejected(Exception):
    pass


def _fetch(source: Any, query: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    source.client.resume()
    while len(nodes) < MAX_RESULTS:
        data, errors = source.client.graphql(SAVED_QUERY, {"q": query, "after": after})
        if errors:
            raise _Rejected("; ".join(str(e.get("message", e)) for e in errors)[:300])
        result = (data or {}).get("s")
        if not isinstance(result, dict):
            raise _Rejected("no search result in GitHub's answer")
        nodes.extend(n for n in result.get("nodes") or [] if isinstance(n, dict) and n.get("url"))
        info = result.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            break
        after = info.get("endCursor")
    return nodes[:MAX_RESULTS]


def _hit(search: str, node: dict[str, Any]) -> SearchHit:
    kind = "pull" if node.get("__typename") == "PullRequest" else "issue"
    when = node.get("mergedAt") or node.get("createdAt") or "1970-01-01T00:00:00Z"
    body = str(node.get("bodyText") or "").strip().split("\n\n", 1)[0]
    return SearchHit(
        search=search,
        kind=kind,
        repo=str((node.get("repository") or {}).get("nameWithOwner", "")),
        number=int(node.get("number") or 0),
        title=str(node.get("title") or ""),
        url=str(node["url"]),
        date=datetime.fromisoformat(str(when).replace("Z", "+00:00")),
        author=str((node.get("author") or {}).get("login") or "ghost"),
        labels=tuple(
            str(x.get("name")) for x in (node.get("labels") or {}).get("nodes") or [] if x
        ),
        body=body,
    )
