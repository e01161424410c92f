"""One published issue (front matter + Markdown) -> an ArchivedIssue.

The parser reads lines, not a Markdown AST, because what it needs is the editors' line
conventions: a ``###`` per project, a "Maintained by" line, ``- [title](url)`` items,
``<!-- - [title](url) -->`` for what they looked at and left out, a lead-in naming a
development branch, a "Thanks to" line. Every format the rust-osdev archive used from
2020 to 2024 is accepted (plain ``### `x` `` headings with the repo link in the
description, ``<span class="gray">`` or ``"maintainers"``, ``authors`` or ``editors``).
Damaged Markdown (an unclosed or stray comment) is refused with the file and line,
because the rest of such an issue cannot be trusted.
"""

from __future__ import annotations

import re
from pathlib import Path

from thismonth.archive.records import (
    ArchivedIssue,
    ArchivedItem,
    ArchivedProject,
    ArchivedSection,
    LinkedPerson,
)
from thismonth.errors import DraftError
from thismonth.markdown.comments import scan
from thismonth.markdown.frontmatter import split
from thismonth.months import Month

_HEADING = re.compile(r"^(#{2,4})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^([-*+])\s+(.*)$")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?\s*\)")
_PERSON = re.compile(r"\[`?@([A-Za-z0-9][\w.-]*)`?\]\(\s*([^)\s]+)\s*\)")
_GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?:/(pull|issues|commit)/(\w+))?(?:/[\w/.-]*)?(?:[#?].*)?$",
    re.I,
)
_ONE_LINE_COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$")
_PUBLISHED = re.compile(r"published as\s+(.*?)(?:\)|</span>|$)", re.I)
_VERSION = re.compile(r"`?([\w-]*?v?\.?\d+(?:\.\d+)+[\w.+-]*)`?")
_BRANCH_LEAD = re.compile(
    r"(?:into|on|to|in)\s+(?:the|our)\s+`([^`]+)`\s+branch", re.I
)  # "into the `next` branch"
_RELEASE = re.compile(r"\bnow\s+`?v?\.?\d[\w.]*`?\s*\(was\s+`?v?\d", re.I)
_CODE_HEADING = re.compile(r"^`([^`]+)`(.*)$")
_LINK_HEADING = re.compile(r"^\[(.+?)\]\(([^)\s]+)\)(.*)$")


def read_issue(path: Path, month: Month) -> ArchivedIssue:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DraftError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise DraftError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_issue(text, path, month)


def parse_issue(text: str, path: Path, month: Month) -> ArchivedIssue:
    """Parse ``text`` (the content of ``path``, the issue of ``month``) or raise DraftError."""
    doc = split(text, str(path))
    lines = doc.body.splitlines()
    found = scan(lines)
    offset = doc.body_line - 1
    if found.unclosed is not None:
        raise DraftError(
            f"{path}:{found.unclosed + offset}: damaged Markdown: '<!--' is never closed"
        )
    if found.stray_close is not None:
        raise DraftError(
            f"{path}:{found.stray_close + offset}: damaged Markdown: '-->' closes no comment"
        )
    extra = doc.meta.get("extra") if isinstance(doc.meta.get("extra"), dict) else {}
    editors_key, editors = "", []
    for where in (extra, doc.meta):
        for key in ("editors", "authors"):
            value = where.get(key)
            if isinstance(value, list) and not editors_key:
                editors_key, editors = key, [str(v) for v in value]
    if "title" not in doc.meta:
        raise DraftError(f"{path}:2: front matter: no 'title': not a newsletter issue")
    return _Walker(lines, found.in_fence, offset, path).walk(
        ArchivedIssue(
            path=path,
            month=month,
            flavor=doc.flavor,
            meta=doc.meta,
            editors_key=editors_key,
            editors=editors,
            intro="",
            sections=[],
        )
    )


class _Walker:
    """A single pass over the body; each line goes to the innermost open block."""

    def __init__(self, lines: list[str], in_fence: list[bool], offset: int, path: Path) -> None:
        self.lines = lines
        self.in_fence = in_fence
        self.offset = offset
        self.path = path

    def walk(self, issue: ArchivedIssue) -> ArchivedIssue:
        intro: list[str] = []
        section: ArchivedSection | None = None
        body: list[str] = []  # the section's lines until its first ``###``
        text: list[str] = []
        project: ArchivedProject | None = None
        paragraph: list[str] = []
        group: str | None = None
        branch: str | None = None
        i = 0

        def close_paragraph() -> None:
            nonlocal branch
            if not paragraph:
                return
            para = "\n".join(paragraph).strip()
            paragraph.clear()
            if project is not None:
                self._project_paragraph(project, para)
                if para.rstrip().endswith(":") or _BRANCH_LEAD.search(para):
                    m = _BRANCH_LEAD.search(para)
                    branch = m.group(1) if m else None
                    if m and m.group(1) not in project.branches:
                        project.branches.append(m.group(1))
            elif section is not None and not section.intro:
                section.intro = para

        while i < len(self.lines):
            line = self.lines[i]
            number = i + 1 + self.offset
            if self.in_fence[i]:
                paragraph.append(line)
                (text if section else intro).append(line)
                i += 1
                continue
            stripped = line.strip()
            if stripped.startswith("<!--"):
                close_paragraph()
                end = i
                while "-->" not in self.lines[end]:
                    end += 1
                block = "\n".join(self.lines[i : end + 1])
                inner = block.strip()[4:].rsplit("-->", 1)[0]
                one = _ONE_LINE_COMMENT.match(line) if end == i else None
                items = self._commented_items(i, end, group, branch)
                if one and items:
                    target = (
                        project.items if project is not None else section.items if section else []
                    )
                    target.extend(items)
                elif project is not None and items and all(it.repo for it in items):
                    project.items.extend(items)  # a block of left-out PRs
                elif re.match(r"^\s*##\s", inner.strip().splitlines()[0] if inner.strip() else ""):
                    heading = _HEADING.match(inner.strip().splitlines()[0].strip())
                    issue.sections.append(
                        ArchivedSection(
                            heading=heading.group(2) if heading else inner.strip(),
                            line=number,
                            text=inner.strip(),
                            commented_out=True,
                        )
                    )
                elif section is None:
                    intro.append(block)
                elif inner.strip() != "more":
                    section.comments.append(_dedent(inner))
                if section is not None:
                    text.append(block)
                i = end + 1
                continue
            heading = _HEADING.match(line)
            if heading:
                close_paragraph()
                level, title = len(heading.group(1)), heading.group(2)
                if level == 2:
                    if section is not None:
                        section.text = "\n".join(text).strip()
                    section = ArchivedSection(heading=title, line=number)
                    issue.sections.append(section)
                    text, body = [], []
                    project, group, branch = None, None, None
                elif level == 3 and section is not None:
                    project = self._project(title, number)
                    section.projects.append(project)
                    group, branch = None, None
                elif level == 4 and project is not None:
                    group = title
                    project.groups.append(title)
                if section is not None and level > 2:
                    text.append(line)
                i += 1
                continue
            if section is None:
                intro.append(line)
                i += 1
                continue
            text.append(line)
            body.append(line)
            item_match = _ITEM.match(line)
            nested = _ITEM.match(stripped) if line.startswith((" ", "\t")) else None
            if nested and not paragraph:
                # An indented item is a note on the one above, unless it is itself a PR.
                item = self._item(stripped, number, False)
                if item is not None and item.kind in ("pull", "commit"):
                    item.group, item.branch = group, branch
                    (project.items if project is not None else section.items).append(item)
                i += 1
                continue
            if item_match:
                close_paragraph()
                item = self._item(line, number, False)
                if item is not None:
                    item.group, item.branch = group, branch
                    (project.items if project is not None else section.items).append(item)
                i += 1
                continue
            if not stripped:
                close_paragraph()
            elif not line.startswith((" ", "\t")) or paragraph:
                paragraph.append(line)
            i += 1
        close_paragraph()
        if section is not None:
            section.text = "\n".join(text).strip()
        issue.intro = "\n".join(intro).strip()
        return issue

    def _project(self, title: str, line: int) -> ArchivedProject:
        m = _LINK_HEADING.match(title)
        if m:
            label, url = m.group(1), m.group(2)
            code = _CODE_HEADING.match(label)
            name = code.group(1) if code and not code.group(2).strip() else label
            style = "code-link" if code and not code.group(2).strip() else "link"
            project = ArchivedProject(heading=title, name=name, style=style, line=line, url=url)
            project.repo = _repo_of(url)
            return project
        code = _CODE_HEADING.match(title)
        if code:
            return ArchivedProject(heading=title, name=code.group(1), style="code", line=line)
        return ArchivedProject(heading=title, name=title, style="plain", line=line)

    def _project_paragraph(self, project: ArchivedProject, para: str) -> None:
        if "Maintained by" in para and not project.maintainers_line:
            project.maintainers_line = para
            project.maintainers = _people(para)
            return
        if "written by" in para.lower() and not project.written_by and _people(para):
            project.written_by = _people(para)
            return
        if re.search(r"\bthanks?\b", para, re.I) and _PERSON.search(para):
            project.thanks_lines.append(para)
            for person in _people(para):
                if person not in project.thanks:
                    project.thanks.append(person)
        if _RELEASE.search(para):
            project.release_lines.append(para)
        if not project.description and not project.items:
            project.description = _without_lead_in(para)
            if project.repo is None:  # old style: `x86_64` heading, repo linked in here
                for _, url in _LINK.findall(para):
                    repo = _repo_of(url)
                    if repo and _GITHUB.match(url) and not _GITHUB.match(url).group(3):
                        project.repo = repo
                        project.url = url
                        break

    def _commented_items(
        self, start: int, end: int, group: str | None, branch: str | None
    ) -> list[ArchivedItem]:
        """The item lines of the comment spanning lines ``start``..``end`` (0-based)."""
        out = []
        for j in range(start, end + 1):
            text = self.lines[j].replace("<!--", "").replace("-->", "").strip()
            item = self._item(text, j + 1 + self.offset, True)
            if item is not None:
                item.group, item.branch = group, branch
                out.append(item)
        return out

    def _item(self, text: str, line: int, commented: bool) -> ArchivedItem | None:
        m = _ITEM.match(text.strip())
        if not m:
            return None
        link = _LINK.search(m.group(2))
        if not link:
            return None
        title, url = link.group(1), link.group(2)
        kind, repo, number, sha = "other", None, None, None
        gh = _GITHUB.match(url)
        if gh:
            repo = f"{gh.group(1)}/{gh.group(2)}"
            what, ident = gh.group(3), gh.group(4)
            in_pr = re.search(r"/pull/\d+/commits/([0-9a-f]{7,40})", url)
            if in_pr:  # a commit shown inside its PR is that commit
                what, ident = "commit", in_pr.group(1)
            if what == "pull" and ident and ident.isdigit():
                kind, number = "pull", int(ident)
            elif what == "issues" and ident and ident.isdigit():
                kind, number = "issue", int(ident)
            elif what == "commit" and ident:
                kind, sha = "commit", ident
        published: list[str] = []
        pub = _PUBLISHED.search(m.group(2))
        if pub:
            published = [v for v in _VERSION.findall(pub.group(1))]
        return ArchivedItem(
            url=url,
            kind=kind,
            title=title,
            line=line,
            commented=commented,
            repo=repo,
            number=number,
            sha=sha,
            published_as=published,
        )


def _repo_of(url: str) -> str | None:
    m = _GITHUB.match(url)
    if not m or m.group(1).lower() == "orgs":
        return None
    return f"{m.group(1)}/{m.group(2)}"


def _people(text: str) -> list[LinkedPerson]:
    out: list[LinkedPerson] = []
    for login, url in _PERSON.findall(text):
        person = LinkedPerson(login, url)
        if person not in out:
            out.append(person)
    return out


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text.strip("\n")).strip("\n")


def _without_lead_in(para: str) -> str:
    """The description without a closing lead-in ("We merged the following PRs:"),
    which belongs to the month, not to the project."""
    if not para.rstrip().endswith(":"):
        return para
    sentences = re.split(r"(?<=[.!?])\s+", para)
    return " ".join(sentences[:-1]).strip() if len(sentences) > 1 else ""
