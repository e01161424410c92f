"""The Call for Participation at publication: issues closed since they were listed.

``check --cfp-state`` flags each listed newcomer issue that is closed (a warning naming
the day it closed), and ``publish --cfp-state`` drops it from the published text and
says so. Both ask GitHub through the GitHub source (one request per 30 issues); without
an answer nothing is dropped and the reason is a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from thismonth.check.findings import WARNING, Finding
from thismonth.markdown.cfp import CfpLine, cfp_lines, drop_lines

IssueStates = Callable[
    [list[tuple[str, int]]], tuple[dict[tuple[str, int], dt.datetime | None], list[str]]
]


@dataclass
class ClosedCfp:
    closed: list[tuple[CfpLine, dt.datetime]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def closed_cfp(text: str, states: IssueStates, by: dt.datetime | None = None) -> ClosedCfp:
    """The listed CFP issues closed (by ``by`` when given)."""
    items = cfp_lines(text)
    out = ClosedCfp()
    if not items:
        return out
    answer, problems = states([(i.repo, i.number) for i in items])
    out.notes += [f"Call for Participation: cannot tell whether open: {p}" for p in problems]
    for item in items:
        when = answer.get((item.repo, item.number))
        if when is not None and (by is None or when <= by):
            out.closed.append((item, when))
    return out


def findings(path: str, text: str, states: IssueStates) -> tuple[list[Finding], list[str]]:
    found = closed_cfp(text, states)
    return [
        Finding(
            path,
            item.index + 1,
            "cfp-closed",
            f"{item.repo}#{item.number} was closed on {when.date()}: drop it from the "
            "Call for Participation (publish --cfp-state does)",
            WARNING,
        )
        for item, when in found.closed
    ], found.notes


def drop_closed(text: str, states: IssueStates, by: dt.datetime) -> tuple[str, ClosedCfp]:
    found = closed_cfp(text, states, by)
    return drop_lines(text, [item for item, _when in found.closed]), found
