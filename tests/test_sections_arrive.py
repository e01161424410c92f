"""A contributed section's text reaches the issue whenever it changes, and check and
publish fail when a section file's text is not in the issue (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

import test_draft_merge
from clirun import run

ISSUE = "content/this-month/2022-04/index.md"
SECTION = "content/this-month/2022-04/sections/vesper.md"

newsletter = test_draft_merge.newsletter


def _draft(newsletter: Path, context: str = "first.json") -> None:
    result = run("draft", "2022-04", "--from-context", context, cwd=newsletter)
    assert result.code == 0, result.err


def _new_section(newsletter: Path) -> Path:
    args = ("section", "new", "metta-systems/vesper", "--author", "berkus", "--month", "2022-04")
    assert run(*args, cwd=newsletter).code == 0
    return newsletter / SECTION


def _fill(section: Path, text: str) -> None:
    section.write_text(re.sub(r"<!--.*?-->", text, section.read_text(), flags=re.S))


def test_section_filled_in_after_a_redraft_of_its_template_reaches_the_issue(
    newsletter: Path,
) -> None:
    _draft(newsletter)
    section = _new_section(newsletter)
    _draft(newsletter)  # the template comes in
    issue = newsletter / ISSUE
    assert "Section written by [@berkus]" in issue.read_text()
    _fill(section, "Vesper got a new scheduler this month.")
    _draft(newsletter, "more.json")
    text = issue.read_text()
    assert "Vesper got a new scheduler this month." in text
    assert "Write a few sentences" not in text  # the author deleted the note
    assert text.count("metta-systems/vesper`]") == 1
    _fill(section, "unused")  # nothing to replace any more: the file stays as it is
    section.write_text(section.read_text() + "\nAnd a second paragraph.\n")
    _draft(newsletter, "more.json")
    assert "And a second paragraph." in issue.read_text()
    assert run("check", ISSUE, "--no-spelling", cwd=newsletter).code == 0


def test_editor_edits_to_the_included_copy_stay_and_the_authors_next_change_arrives(
    newsletter: Path,
) -> None:
    section = _new_section(newsletter)
    _fill(section, "Vesper boots now.\n\nMore to come.")
    _draft(newsletter)
    issue = newsletter / ISSUE
    issue.write_text(issue.read_text().replace("More to come.", "More to come, says the editor."))
    section.write_text(section.read_text() + "\nA third paragraph.\n")
    _draft(newsletter, "more.json")
    text = issue.read_text()
    assert "More to come, says the editor." in text
    assert "A third paragraph." in text
    assert "Vesper boots now." in text


def test_check_fails_when_a_section_file_is_not_in_the_issue(newsletter: Path) -> None:
    _draft(newsletter)
    section = _new_section(newsletter)
    _fill(section, "Written after the last draft.")
    result = run("check", ISSUE, "--no-spelling", cwd=newsletter)
    assert result.code == 1
    assert "sections/vesper.md:1: section-text:" in result.out
    _draft(newsletter)
    assert run("check", ISSUE, "--no-spelling", cwd=newsletter).code == 0


def test_publish_fails_when_the_editor_changed_the_copy_instead_of_the_file(
    newsletter: Path,
) -> None:
    section = _new_section(newsletter)
    _fill(section, "Vesper boots now.")
    _draft(newsletter)
    issue = newsletter / ISSUE
    issue.write_text(issue.read_text().replace("Vesper boots now.", "Vesper boots."))
    before = issue.read_text()
    result = run("publish", "2022-04", "--date", "2022-05-05", "--no-spelling", cwd=newsletter)
    assert result.code == 1
    assert "section-text" in result.out
    assert issue.read_text() == before
    section.write_text(section.read_text().replace("Vesper boots now.", "Vesper boots."))
    result = run("publish", "2022-04", "--date", "2022-05-05", "--no-spelling", cwd=newsletter)
    assert result.code == 0, result.out + result.err
    assert "Vesper boots." in issue.read_text()


def test_sections_created_out_of_file_name_order_are_filled_in_too(newsletter: Path) -> None:
    _draft(newsletter)
    args = ("section", "new", "--month", "2022-04")
    assert run(*args[:2], "ext/vesper", "--author", "a", *args[2:], cwd=newsletter).code == 0
    _draft(newsletter)  # vesper's template comes in
    assert run(*args[:2], "ext/moros", "--author", "b", *args[2:], cwd=newsletter).code == 0
    _draft(newsletter)  # moros (first by file name) comes in after vesper in the issue
    folder = newsletter / "content/this-month/2022-04/sections"
    _fill(folder / "vesper.md", "Vesper news.")
    _fill(folder / "moros.md", "Moros news.")
    _draft(newsletter, "more.json")
    text = (newsletter / ISSUE).read_text()
    assert "Vesper news." in text and "Moros news." in text
    assert text.index("<!-- thismonth:sections -->") < text.index("Moros news.")
    assert text.index("Moros news.") < text.index("<!-- /thismonth:sections -->")
    assert run("check", ISSUE, "--no-spelling", cwd=newsletter).code == 0
