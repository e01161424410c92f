"""The archive reader: every format of the published issues, and refusals of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_fixtures import NEW_STYLE, OLD_STYLE, YAML_STYLE, issue, write
from thismonth.archive import parse_issue, read_archive
from thismonth.archive.find import ArchiveError
from thismonth.errors import DraftError, UsageError
from thismonth.months import Month


def parse(text: str, month: str = "2024-06"):
    return parse_issue(text, Path(f"{month}.md"), Month.parse(month))


def test_new_style_issue_sections_projects_and_items():
    doc = parse(issue(NEW_STYLE, "June 2024"))
    assert doc.flavor == "zola"
    assert (doc.editors_key, doc.editors) == ("editors", ["alice"])
    assert doc.intro.startswith("Welcome to a new issue") and "<!-- more -->" in doc.intro
    headings = [(s.heading, s.commented_out) for s in doc.sections]
    assert headings == [
        ("Announcements", False),
        ("`demo` Projects", False),
        ("Call for Participation", True),
        ("Other Projects", False),
        ("Join Us?", False),
    ]
    news = doc.sections[0]
    assert news.intro == "Here we collect news."
    assert news.comments == ["Please follow this template:\n\n- [Title](https://example.com)"]
    assert news.items == []  # a template's example is not an item
    widget, gadget = doc.sections[1].projects
    assert (widget.name, widget.style, widget.repo) == ("widget", "code-link", "demo/widget")
    assert [m.login for m in widget.maintainers] == ["alice", "bob"]
    assert widget.maintainers[1].url == "https://github.com/orgs/demo/people/bob"
    assert widget.description == "The `widget` crate does widgets."
    assert [(i.number, i.commented, i.group, i.branch) for i in widget.items] == [
        (11, False, "Features", None),
        (12, False, "Features", None),
        (13, False, "Features", "next"),
        (14, True, "Features", "next"),
        (15, True, "Features", "next"),
        (16, True, "Features", "next"),
    ]
    assert widget.items[0].published_as == ["v0.2.18"]
    assert widget.items[1].title == "feat: twist `TryFrom<&[u8]>`"
    assert widget.items[3].title == "ci: bump runner"
    assert [t.login for t in widget.thanks] == ["carol", "dave"]
    assert widget.branches == ["next"]
    assert gadget.release_lines and "now `v1.2.0`" in gadget.release_lines[0]
    outside = doc.sections[3].projects[0]
    assert [p.login for p in outside.written_by] == ["someone"]
    assert doc.closing is not None and doc.closing.heading == "Join Us?"
    assert "chat.example.com" in doc.closing.text
    assert [p.repo for p in doc.projects] == ["demo/widget", "demo/gadget", "someone/os"]


def test_old_style_heading_finds_the_repo_in_the_description():
    doc = parse(issue(OLD_STYLE, "April 2020"), "2020-04")
    assert (doc.editors_key, doc.editors) == ("authors", ["alice", "zed"])
    widget = doc.sections[0].projects[0]
    assert (widget.name, widget.style, widget.repo) == ("widget", "code", "demo/widget")
    assert widget.items[0].published_as == ["v0.1.1"]
    assert [t.login for t in widget.thanks] == ["carol"]
    kernel = doc.sections[1].projects[0]
    assert kernel.repo is None and [p.login for p in kernel.written_by] == ["zed"]


def test_yaml_front_matter():
    doc = parse(issue(YAML_STYLE, "May 2024"), "2024-05")
    assert doc.flavor == "yaml" and doc.editors == ["alice"]
    assert doc.projects[0].items[0].number == 11


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+++\ntitle = 'x'\n+++\n\n## A\n<!-- open\n", "2024-06.md:6: damaged Markdown: '<!--'"),
        ("+++\ntitle = 'x'\n+++\n\n## A\n\ntext -->\n", "2024-06.md:7: damaged Markdown: '-->'"),
        ("+++\ntitle = \n+++\n", "2024-06.md:2: front matter"),
        ("# just markdown\n", "2024-06.md:1: front matter: expected '+++'"),
        ("+++\ndate = 2024-01-01\n+++\n", "2024-06.md:2: front matter: no 'title'"),
    ],
)
def test_bad_issue_names_file_and_line(text, message):
    with pytest.raises(DraftError) as err:
        parse(text)
    assert str(err.value).startswith(message)


def test_archive_finds_both_layouts_in_month_order(tmp_path):
    write(tmp_path, "2024-06/index.md", issue(NEW_STYLE, "June 2024"))
    write(tmp_path, "2020-04.md", issue(OLD_STYLE, "April 2020"))
    write(tmp_path, "_index.md", "+++\ntitle = 'section'\n+++\n")
    archive = read_archive(tmp_path)
    assert [str(i.month) for i in archive.issues] == ["2020-04", "2024-06"]
    assert archive.warnings == []
    assert [str(i.month) for i in read_archive(tmp_path, before=Month(2024, 6)).issues] == [
        "2020-04"
    ]


def test_damaged_issue_among_many_is_a_warning(tmp_path):
    write(tmp_path, "2024-05.md", issue(NEW_STYLE, "May 2024"))
    bad = write(tmp_path, "2024-06.md", issue(NEW_STYLE, "June 2024") + "\n<!-- unclosed\n")
    write(tmp_path, "notes.md", "hello")
    archive = read_archive(tmp_path)
    assert [str(i.month) for i in archive.issues] == ["2024-05"]
    assert any(str(bad) in w and "never closed" in w and "skipped" in w for w in archive.warnings)
    assert any("notes.md: not named YYYY-MM.md" in w for w in archive.warnings)


def test_two_issues_for_one_month_is_named(tmp_path):
    write(tmp_path, "2024-06.md", issue(NEW_STYLE, "June 2024"))
    write(tmp_path, "2024-06/index.md", issue(NEW_STYLE, "June 2024", base=40))
    archive = read_archive(tmp_path)
    assert len(archive.issues) == 1 and archive.issues[0].path.name == "index.md"
    assert any("two issues for 2024-06" in w and "2024-06.md" in w for w in archive.warnings)


def test_nothing_usable_is_an_error(tmp_path):
    with pytest.raises(UsageError, match="no such folder"):
        read_archive(tmp_path / "missing")
    with pytest.raises(ArchiveError, match="no usable issue"):
        read_archive(tmp_path)
    write(tmp_path, "2024-06.md", "no front matter\n")
    with pytest.raises(ArchiveError, match=r"2024-06\.md:1: front matter"):
        read_archive(tmp_path)
    write(tmp_path, "2024-05.md", issue(NEW_STYLE, "May 2024"))
    with pytest.raises(ArchiveError, match="before 2024-05"):
        read_archive(tmp_path, before=Month(2024, 5))
