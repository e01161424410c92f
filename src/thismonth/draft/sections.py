"""Contributed sections: one file per outside author, included in the issue.

Outside authors used to send pull requests that all edited the issue's one file, and
conflicted. Now each writes ``sections/NAME.md`` beside the issue, and every draft
includes those files, in file-name order, between two marker comments under
"Other Projects"::

    <!-- thismonth:sections -->
    ...the files' text...
    <!-- /thismonth:sections -->

A generated block of plain Markdown rather than a site shortcode (Zola's, Hugo's):
it renders the same in every Markdown tool, in GitHub's preview of a pull request and
in the site, and needs nothing from the site's theme. The block is generated text like
the rest of the draft, so the three-way merge applies to it: an editor's edits to an
included section stay, and an author's later edits to their file come in where the
editor did not touch the same lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from thismonth.compose.document import PersonLink
from thismonth.config import Config, output_path
from thismonth.errors import DraftError, ThisMonthError
from thismonth.markdown.comments import scan
from thismonth.months import Month
from thismonth.render.render import environment, tidy
from thismonth.writing import TextFileError, read_text, write_atomic

BEGIN = "<!-- thismonth:sections -->"
END = "<!-- /thismonth:sections -->"
FOLDER = "sections"
_HEADING = re.compile(r"^#{2,4}\s+\S")
_OTHER = re.compile(r"^##\s+Other Projects\s*$", re.I)
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Section:
    path: Path
    text: str


def sections_folder(issue: Path) -> Path:
    return issue.parent / FOLDER


def load_sections(folder: Path) -> list[Section]:
    """Every ``*.md`` of ``folder`` in file-name order; each must start with a heading."""
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
        try:
            text = read_text(path)
        except (OSError, TextFileError) as exc:
            raise DraftError(f"cannot read section: {exc}") from None
        validate_section(text, str(path))
        out.append(Section(path, text.strip("\n") + "\n"))
    return out


def validate_section(text: str, source: str) -> None:
    lines = text.splitlines()
    found = scan(lines)
    if found.unclosed is not None:
        raise DraftError(f"{source}:{found.unclosed}: unclosed '<!--': add the matching '-->'")
    if found.stray_close is not None:
        raise DraftError(f"{source}:{found.stray_close}: '-->' closes no comment")
    if found.conflict is not None:
        raise DraftError(f"{source}:{found.conflict}: merge conflict marker: resolve the conflict")
    for number, (line, visible) in enumerate(zip(lines, found.visible, strict=True), start=1):
        if not visible.strip():
            continue
        if _HEADING.match(line):
            return
        raise DraftError(
            f"{source}:{number}: section has no heading: start it with "
            "### [`owner/repo`](https://github.com/owner/repo)"
        )
    raise DraftError(
        f"{source}:1: section has no heading: start it with "
        "### [`owner/repo`](https://github.com/owner/repo)"
    )


def include_sections(markdown: str, folder: Path) -> str:
    """``markdown`` with the block between the markers holding the folder's sections.

    A template without the markers (an overridden one) gets the block at the end of
    "Other Projects", or at the end of the issue.
    """
    sections = load_sections(folder)
    lines = markdown.splitlines()
    body: list[str] = []
    for s in sections:
        body.extend(["", *s.text.splitlines()])
    if body:
        body.append("")
    block = [BEGIN, *body, END]
    try:
        start = lines.index(BEGIN)
        end = lines.index(END, start)
        lines[start : end + 1] = block
    except ValueError:
        if not sections:
            return markdown
        at = _end_of_other_projects(lines)
        lines[at:at] = [*block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _end_of_other_projects(lines: list[str]) -> int:
    start = next((i for i, line in enumerate(lines) if _OTHER.match(line)), None)
    if start is None:
        return len(lines)
    for i in range(start + 1, len(lines)):
        if lines[i].startswith("## "):
            return i
    return len(lines)


# ------------------------------------------------------------------ new sections


def section_path(folder: Path, repo: str) -> Path:
    """``sections/NAME.md``; ``OWNER-NAME.md`` when another owner's NAME is there."""
    owner, name = repo.split("/", 1)
    plain = folder / f"{_slug(name)}.md"
    if plain.exists() and repo.lower() not in read_text(plain).lower():
        return folder / f"{_slug(owner)}-{_slug(name)}.md"
    return plain


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "section"


def render_section(
    repo: str,
    author: str,
    *,
    github_url: str = "https://github.com",
    project: object | None = None,
    templates: Path | None = None,
) -> str:
    """A new section's text: heading, "Section written by", a note, and maybe the PRs."""
    env = environment(templates)
    loaders: list[jinja2.BaseLoader] = [env.loader] if env.loader else []
    env.loader = jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(str(_TEMPLATES))])
    base = github_url.rstrip("/")
    try:
        text = env.get_template("section.md.j2").render(
            repo=repo,
            url=f"{base}/{repo}",
            author=PersonLink(author, f"{base}/{author}"),
            project=project,
        )
    except jinja2.TemplateError as exc:
        raise ThisMonthError(f"section.md.j2: template error: {exc}") from None
    return tidy(text)


def new_section(
    config: Config, month: Month, repo: str, author: str, *, project: object | None = None
) -> Path:
    """Write ``sections/NAME.md`` beside the month's issue; never over an existing file."""
    folder = sections_folder(output_path(config, month))
    path = section_path(folder, repo)
    if path.exists():
        raise DraftError(f"{path}: already exists: edit it, or remove it to start over")
    text = render_section(
        repo,
        author,
        github_url=config.newsletter.github_url,
        project=project,
        templates=config.newsletter.templates,
    )
    write_atomic(path, text)
    return path
