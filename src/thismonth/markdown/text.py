"""Whole-text tidying shared by the renderer and publish."""

from __future__ import annotations

import re


def collapse_blank_lines(lines: list[str], *, strip_trailing: bool = False) -> str:
    """Join ``lines`` with at most one blank line in a row, ending with one newline.

    The renderer also strips trailing spaces (template noise); publish keeps them, since
    in an editor's text two trailing spaces are a Markdown line break.
    """
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and not out[-1].strip():
                continue
            line = ""
        elif strip_trailing:
            line = line.rstrip()
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def heading_slug(heading: str) -> str:
    """A heading as a key: ``Infrastructure and `Tooling` `` -> ``infrastructure-and-tooling``.

    Link syntax, code and emphasis marks, case and punctuation do not count, so a section
    is recognised however an issue spelled its heading (the archive, the picks of a
    section, and where candidates go all compare headings this way).
    """
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    plain = re.sub(r"[`*]", "", plain).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
