"""The draft pipeline as one readable function: collect -> compose -> render.

The use cases build on these steps, so tests and the benchmarks drive exactly what users
run.
"""

from __future__ import annotations

from dataclasses import dataclass

from thismonth.compose import IssueDoc, build_issue
from thismonth.compose.discovered import with_discovered
from thismonth.config import Config, output_path
from thismonth.markdown.lines import occurrences
from thismonth.months import Month
from thismonth.render import render_issue
from thismonth.sources import Collected, Source
from thismonth.writing import read_text


@dataclass
class Draft:
    doc: IssueDoc
    markdown: str
    warnings: list[str]


def collect(config: Config, month: Month, source: Source) -> Collected:
    return source.collect_month(config.projects, month, config.tz())


def compose_and_render(config: Config, month: Month, collected: Collected) -> Draft:
    exclude = previously_listed(config, month)
    # Repositories nobody configured become new projects (see compose.discovered).
    full, new, found = with_discovered(config, collected.discovered)
    doc = build_issue(full, month, {**collected.activities, **new}, exclude=exclude)
    for section in doc.projects:
        section.new = section.key in new
    return Draft(
        doc=doc,
        markdown=render_issue(doc, config),
        warnings=list(collected.warnings) + found + doc.warnings,
    )


def previously_listed(config: Config, month: Month) -> frozenset[str]:
    """Identities (normalized URLs) of what the previous month's issue links, if it is in
    the content folder.

    Editors list PRs merged in the first days of a month in the issue of the month before
    (``draft --until``); the next issue must not list them again.
    """
    path = output_path(config, month.previous())
    try:
        text = read_text(path)
    except FileNotFoundError:
        return frozenset()  # no previous issue; an unreadable one is an error
    return frozenset(key for line in text.splitlines() for key in occurrences(line))


def draft(config: Config, month: Month, source: Source) -> Draft:
    return compose_and_render(config, month, collect(config, month, source))
