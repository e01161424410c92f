"""Search terms and date windows.

GitHub's search returns at most 1,000 results per query while ``issueCount`` reports the
true total. A window whose count reaches the cap is split into smaller date windows
(in proportion to the count) until each fits, so nothing is silently dropped. Windows
are half-open ``[start, end)`` in UTC; the search syntax is inclusive, so a window is
written ``merged:START..END-1s``.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

SEARCH_CAP = 1000
SPLIT_TARGET = 800  # aim below the cap: merge times are not uniform
MAX_REPO_TERMS = 5  # GitHub refuses long queries; more repos means more search groups

Window = tuple[datetime, datetime]


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def scopes(organization: str, outside: list[str]) -> list[str]:
    """The ``org:``/``repo:`` term groups one search may combine (OR within a group)."""
    groups: list[str] = []
    if organization:
        groups.append(f"org:{organization}")
    for i in range(0, len(outside), MAX_REPO_TERMS):
        groups.append(" ".join(f"repo:{r}" for r in outside[i : i + MAX_REPO_TERMS]))
    return groups


def pulls_query(scope: str, window: Window) -> str:
    start, end = window
    last = end - timedelta(seconds=1)
    return f"{scope} is:pr is:merged merged:{stamp(start)}..{stamp(last)}"


def issues_query(scope: str, labels: list[str]) -> str:
    quoted = ",".join(f'"{label}"' for label in labels)
    return f"{scope} is:issue is:open label:{quoted}"


def split(
    window: Window, count: int, now: datetime | None = None, workers: int = 1
) -> list[Window]:
    """Cut ``window`` into parts expected to hold fewer than the cap each.

    With several workers, a window is cut into up to one part per worker (each still at
    least three pages), so the pages of the parts are fetched side by side: as many
    requests, a shorter wait. A window reaching into the future is cut only up to ``now``.
    """
    start, end = window
    busy_end = min(end, now) if now and now > start else end
    parts = max(2, math.ceil(count / SPLIT_TARGET), min(workers, count // 300))
    seconds = int((busy_end - start).total_seconds())
    if seconds < 2:
        return []  # cannot split a second: the caller reports the search as incomplete
    step = max(1, seconds // parts)
    cuts = [start + timedelta(seconds=step * i) for i in range(parts)] + [busy_end]
    out = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    if busy_end < end:
        out.append((busy_end, end))
    return out


def subtract(window: Window, covered: list[Window]) -> list[Window]:
    """The parts of ``window`` that ``covered`` does not cover."""
    missing: list[Window] = []
    cursor = window[0]
    for a, b in sorted(covered):
        if b <= cursor:
            continue
        if a > cursor:
            missing.append((cursor, min(a, window[1])))
        cursor = max(cursor, b)
        if cursor >= window[1]:
            break
    if cursor < window[1]:
        missing.append((cursor, window[1]))
    return [(a, b) for a, b in missing if a < b]
