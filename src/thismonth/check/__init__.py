"""``thismonth check``: lint an issue (and its contributed sections) for the site's CI.

Rules by concern, each a function from a parsed file to findings:

- ``rules_meta``: front matter parses, has its keys, names the month;
- ``rules_text``: comments closed, no placeholder, TODO or unfinished sentence, no empty
  section, headings in order, a contributed section's heading and byline;
- ``rules_links``: links well-formed, no PR listed twice, every PR merged in the month
  (when a snapshot of the month's activity is given);
- ``rules_review``: no language model's context line still marked for review;
- ``spelling``: ``typos``, when installed.

Findings are errors (exit 1) or warnings (exit 0); rules that cannot run say so in notes.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from thismonth.check.document import Checked, parse, read
from thismonth.check.findings import ERROR, NOTE, WARNING, Finding, Report
from thismonth.check.rules_links import (
    GITHUB_HOST,
    Activity,
    duplicates,
    links,
    listed_before,
    merged_in_month,
)
from thismonth.check.rules_meta import front_matter
from thismonth.check.rules_notes import draft_notes
from thismonth.check.rules_review import machine_written
from thismonth.check.rules_sections import sections_in_issue
from thismonth.check.rules_text import (
    comments,
    control_characters,
    empty_sections,
    headings,
    placeholders,
    section_file,
    todos,
    unfinished,
)
from thismonth.check.spelling import spelling
from thismonth.errors import UsageError
from thismonth.models import RepoActivity
from thismonth.sources.snapshot import load_snapshot
from thismonth.writing import MAX_DATA_BYTES, TextFileError, read_text

__all__ = [
    "ERROR",
    "NOTE",
    "WARNING",
    "Activity",
    "Finding",
    "Report",
    "check_document",
    "check_paths",
    "check_text",
    "load_activities",
    "load_activity",
]

TEXT_RULES = (
    comments,
    placeholders,
    todos,
    unfinished,
    headings,
    empty_sections,
    links,
    duplicates,
    draft_notes,
    control_characters,
    machine_written,
)


def check_document(doc: Checked, *, activity: Activity | None = None, spell: bool = True) -> Report:
    report = Report()
    report.findings.extend(front_matter(doc))
    report.findings.extend(section_file(doc))
    for rule in TEXT_RULES:
        report.findings.extend(rule(doc))
    if not doc.section:
        report.findings.extend(merged_in_month(doc, activity, report.notes))
    if spell:
        report.findings.extend(spelling(doc, report.notes))
    report.findings.sort(key=lambda f: (f.path, f.line, f.rule))
    return report


def check_text(
    text: str,
    name: str,
    *,
    activity: Activity | None = None,
    spell: bool = True,
    section: bool = False,
    github_url: str | None = None,
) -> Report:
    doc = _with_host(parse(text, name, section=section), github_url)
    return check_document(doc, activity=activity, spell=spell)


def _with_host(doc: Checked, github_url: str | None) -> Checked:
    """Tell the link rules the GitHub host of ``newsletter.github_url`` (Enterprise)."""
    if github_url:
        doc.extra[GITHUB_HOST] = urlsplit(github_url).netloc or github_url
    return doc


def check_paths(
    paths: list[Path],
    *,
    activity: Activity | None = None,
    spell: bool = True,
    sections: bool = True,
    github_url: str | None = None,
) -> Report:
    """Check each issue file, and the ``sections/*.md`` beside it; across the issues
    given, a PR listed again in a later month is a warning."""
    report = Report()
    issues: list[Checked] = []
    for path in paths:
        if path.is_dir():
            path = path / "index.md"
        if path.parent.name == "sections":  # a contributed section on its own
            doc = _with_host(read(path, section=True), github_url)
            report.extend(check_document(doc, activity=activity, spell=spell))
            continue
        doc = _with_host(read(path), github_url)
        issues.append(doc)
        report.extend(check_document(doc, activity=activity, spell=spell))
        folder = path.parent / "sections"
        if sections and path.name == "index.md" and folder.is_dir():
            for section in sorted(folder.glob("*.md")):
                sec = _with_host(read(section, section=True), github_url)
                report.extend(check_document(sec, activity=activity, spell=spell))
            report.findings.extend(sections_in_issue("\n".join(doc.lines), doc.path, folder))
    report.findings.extend(listed_before(issues))
    report.findings.sort(key=lambda f: (f.path, f.line, f.rule))
    return report


def load_activity(path: Path) -> Activity:
    """A snapshot written by ``thismonth snapshot export``, or a JSON list of activities."""
    try:
        data = json.loads(read_text(path, limit=MAX_DATA_BYTES))
    except FileNotFoundError:
        raise UsageError(f"--activity {path}: no such file") from None
    except (TextFileError, json.JSONDecodeError) as exc:
        raise UsageError(f"--activity {path}: not a JSON snapshot ({exc})") from None
    if isinstance(data, dict) and "activities" in data:
        month, collected = load_snapshot(path)
        repos = {k.lower(): v for k, v in collected.activities.items()}
        return Activity(month, str(path), repos)
    if isinstance(data, list):
        try:
            acts = [RepoActivity.from_json(d) for d in data]
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(
                f"--activity {path}: not a list of repository activities ({exc})"
            ) from None
        return Activity(None, str(path), {a.repo.lower(): a for a in acts})
    raise UsageError(f"--activity {path}: expected a thismonth snapshot")


def load_activities(paths: list[Path] | tuple[Path, ...]) -> Activity | None:
    """Several snapshots as one (the month's, and the next month's for late PRs)."""
    if not paths:
        return None
    first = load_activity(paths[0])
    for path in paths[1:]:
        first.add(load_activity(path))
    return first
