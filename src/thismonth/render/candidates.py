"""The hand-written sections and their candidates, as Markdown placed in the issue.

One function, :func:`add_candidates`, is the whole hook into the draft: it renders each
``[[sections]]`` entry with ``candidates.md.j2`` and puts it where the config says
(before the projects heading, or after "Other Projects"; the built-in "Call for
Participation" and "Other Projects" get their candidates under their own heading).
The issue template stays the newsletter's; this only adds blocks between its sections.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from thismonth.compose.candidates import SectionCandidates
from thismonth.config import Config
from thismonth.errors import ThisMonthError
from thismonth.markdown.text import heading_slug
from thismonth.render.escape import comment_safe, one_line
from thismonth.render.render import environment, tidy


def comment_inert(text: str) -> str:
    """Text for one line inside ``<!-- -->``: one line, no control characters; it can
    neither end the comment (``-->``) nor open another (``<!--``, which the merge and
    ``check`` refuse as unclosed); a backslash before ``!`` keeps the text as written
    once the editor uncomments it."""
    return comment_safe(one_line(text)).replace("<!--", "<\\!--")


def render_section(
    section: SectionCandidates,
    month: str,
    config: Config | None = None,
    env: jinja2.Environment | None = None,
    *,
    inside: bool = False,
) -> str:
    """The section's Markdown; ``inside``: only what goes under a heading the issue
    already has (a built-in section, or one the newsletter's layout writes)."""
    env = env or _environment(config)
    try:
        text = env.get_template("candidates.md.j2").render(s=section, month=month, inside=inside)
    except jinja2.TemplateError as exc:
        where = (
            f"{getattr(exc, 'filename', None) or 'candidates.md.j2'}:{getattr(exc, 'lineno', '?')}"
        )
        raise ThisMonthError(f"{where}: template error: {exc}") from None
    return tidy(text).strip("\n")


def _environment(config: Config | None) -> jinja2.Environment:
    return _cached_environment(config.newsletter.templates if config else None)


@functools.lru_cache(maxsize=8)
def _cached_environment(templates: Path | None) -> jinja2.Environment:
    """One environment per templates folder and process, so the template is compiled
    once (Jinja's own cache checks the file's mtime, so an edited template reloads)."""
    env = environment(templates)
    env.filters["comment_inert"] = comment_inert
    return env


def add_candidates(
    markdown: str, sections: list[SectionCandidates], month: str, config: Config
) -> str:
    """``markdown`` (a rendered issue) with every configured section in its place: under
    its heading when the issue has it already, else before the projects heading or
    after "Other Projects" (``place``); never dropped (at the end if nothing fits)."""
    if not sections:
        return markdown
    lines = markdown.split("\n")
    env = _environment(config)  # one environment: the template is compiled once
    existing = {heading_slug(line[3:]) for line in lines if line.startswith("## ")}
    inside: dict[str, str] = {}  # folded heading -> what goes under it
    before: list[str] = []
    after: list[str] = []
    for s in sections:
        key = heading_slug(_BUILTIN_HEADINGS.get(s.section.id, s.section.heading))
        if s.section.builtin or key in existing:
            inside[key] = render_section(s, month, config, env, inside=True)
        elif s.section.place == "after-projects":
            after.append(render_section(s, month, config, env))
        else:
            before.append(render_section(s, month, config, env))
    projects = heading_slug(config.newsletter.projects_heading)
    out: list[str] = []
    current: str | None = None
    placed_before = placed_after = False
    for line in lines:
        if line.startswith("## "):
            if current in inside:
                out.extend(_block(inside.pop(current)))
            current = heading_slug(line[3:])
            if current == heading_slug("Personal Projects"):
                current = heading_slug("Other Projects")
            if not placed_before and current == projects:
                for block in before:
                    out.extend(_block(block))
                placed_before = True
            if not placed_after and current.startswith("join-us"):
                for block in after:
                    out.extend(_block(block))
                placed_after = True
        out.append(line)
    tail: list[str] = []
    if current in inside:
        tail.extend(_block(inside.pop(current)))
    missing = [*([] if placed_before else before), *([] if placed_after else after)]
    missing += list(inside.values())
    for block in missing:  # a template without those headings: at the end, never dropped
        tail.extend(_block(block))
    if tail:
        while out and out[-1] == "":
            out.pop()
        out.extend(["", *tail])
    return "\n".join(out).rstrip("\n") + "\n"


_BUILTIN_HEADINGS = {
    "call-for-participation": "Call for Participation",
    "other-projects": "Other Projects",
}


def _block(text: str) -> list[str]:
    return [*text.split("\n"), ""] if text.strip() else []
