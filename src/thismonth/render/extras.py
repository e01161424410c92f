"""The summary and welcome lines, placed under the project updates' intro paragraph."""

from __future__ import annotations

import re

from thismonth.compose.extras import Extras
from thismonth.config import Config
from thismonth.render.candidates import comment_inert
from thismonth.render.render import people


def extras_markdown(extras: Extras) -> list[str]:
    lines: list[str] = []
    if extras.summary:
        lines.append(extras.summary)
    if extras.newcomers:
        if lines:
            lines.append("")
        who = people(extras.newcomers)
        lines.append(
            f"A warm welcome to our first-time contributors this month: {who}!"
            if len(extras.newcomers) > 1
            else f"A warm welcome to {who}, who contributed for the first time this month!"
        )
    for note in extras.notes:
        lines.append(f"<!-- thismonth: {comment_inert(note)} -->")
    return lines


def add_extras(markdown: str, extras: Extras, config: Config) -> str:
    """``markdown`` with the extras after the paragraph under the projects heading."""
    block = extras_markdown(extras)
    if not block:
        return markdown
    lines = markdown.split("\n")
    heading = re.compile(
        r"^##\s+" + re.escape(config.newsletter.projects_heading.strip()) + r"\s*$"
    )
    at = next((i for i, line in enumerate(lines) if heading.match(line)), None)
    if at is None:
        return markdown
    i = at + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and not lines[i].startswith("#"):
        while i < len(lines) and lines[i].strip():
            i += 1  # the intro paragraph
    return "\n".join([*lines[:i], "", *block, *lines[i:]])
