"""Contributed sections: one file per author, included in a stable order, merged like the rest."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import test_draft_merge
from clirun import run
from thismonth.draft.sections import BEGIN, END, include_sections, load_sections
from thismonth.errors import DraftError

ISSUE = "content/this-month/2022-04/index.md"

newsletter = test_draft_merge.newsletter  # the issue folder of the merge tests, as a fixture


def new(newsletter: Path, repo: str, author: str, *extra: str):
    return run(
        "section", "new", repo, "--author", author, "--month", "2022-04", *extra, cwd=newsletter
    )


def test_new_section_has_heading_byline_and_note(newsletter: Path) -> None:
    result = new(newsletter, "metta-systems/vesper", "berkus")
    assert result.code == 0, result.err
    path = newsletter / "content/this-month/2022-04/sections/vesper.md"
    assert result.out.strip() == "content/this-month/2022-04/sections/vesper.md"
    text = path.read_text()
    assert text.startswith(
        "### [`metta-systems/vesper`](https://github.com/metta-systems/vesper)\n"
        '<span class="maintainers">(Section written by [@berkus](https://github.com/berkus))</span>\n'
    )
    assert "<!--" in text and "-->" in text


def test_new_section_never_overwrites(newsletter: Path) -> None:
    assert new(newsletter, "metta-systems/vesper", "berkus").code == 0
    path = newsletter / "content/this-month/2022-04/sections/vesper.md"
    path.write_text(path.read_text() + "\nMy news.\n")
    result = new(newsletter, "metta-systems/vesper", "berkus")
    assert result.code == 1
    assert "already exists" in result.err
    assert "My news." in path.read_text()


def test_same_name_other_owner_gets_its_own_file(newsletter: Path) -> None:
    assert new(newsletter, "metta-systems/vesper", "berkus").code == 0
    result = new(newsletter, "someone/vesper", "someone")
    assert result.code == 0
    assert result.out.strip().endswith("sections/someone-vesper.md")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("not-a-repo", "--author", "x"), "expected OWNER/NAME"),
        (("o/r", "--author", "bad login!"), "expected a GitHub login"),
    ],
)
def test_bad_arguments(newsletter: Path, args: tuple[str, ...], message: str) -> None:
    result = run("section", "new", *args, "--month", "2022-04", cwd=newsletter)
    assert result.code == 2
    assert message in result.err


def test_draft_includes_sections_in_file_name_order(newsletter: Path) -> None:
    for repo, author in (("phil-opp/blog_os", "phil-opp"), ("metta-systems/vesper", "berkus")):
        assert new(newsletter, repo, author).code == 0
    assert run("draft", "2022-04", "--from-context", "first.json", cwd=newsletter).code == 0
    text = (newsletter / ISSUE).read_text()
    other = text.index("## Other Projects")
    blog, vesper = text.index("phil-opp/blog_os"), text.index("metta-systems/vesper")
    assert other < text.index(BEGIN) < blog < vesper < text.index(END) < text.index("## Join Us?")


def test_author_edits_flow_in_and_editor_edits_stay(newsletter: Path) -> None:
    assert new(newsletter, "metta-systems/vesper", "berkus").code == 0
    section = newsletter / "content/this-month/2022-04/sections/vesper.md"
    section.write_text(section.read_text() + "\nVesper boots now.\n\nMore to come.\n")
    assert run("draft", "2022-04", "--from-context", "first.json", cwd=newsletter).code == 0
    issue = newsletter / ISSUE
    issue.write_text(issue.read_text().replace("More to come.", "More to come, says the editor."))
    section.write_text(
        section.read_text().replace("Vesper boots now.", "Vesper boots on real hardware now.")
    )
    assert run("draft", "2022-04", "--from-context", "more.json", cwd=newsletter).code == 0
    text = issue.read_text()
    assert "Vesper boots on real hardware now." in text
    assert "More to come, says the editor." in text
    assert text.count("metta-systems/vesper`]") == 1


def test_section_without_heading_is_one_clear_error(newsletter: Path) -> None:
    assert run("draft", "2022-04", "--from-context", "first.json", cwd=newsletter).code == 0
    before = (newsletter / ISSUE).read_text()
    folder = newsletter / "content/this-month/2022-04/sections"
    folder.mkdir()
    (folder / "vesper.md").write_text("<!-- a note -->\n\nJust some text.\n")
    result = run("draft", "2022-04", "--from-context", "more.json", cwd=newsletter)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "sections/vesper.md:3: section has no heading" in result.err
    assert (newsletter / ISSUE).read_text() == before


def test_include_without_markers_goes_to_the_end_of_other_projects(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("### [`a/b`](https://github.com/a/b)\n\nNews.\n")
    text = "## Other Projects\n\nIntro.\n\n## Join Us?\n\nJoin.\n"
    out = include_sections(text, tmp_path)
    assert out.index("Intro.") < out.index("News.") < out.index("## Join Us?")
    assert include_sections(out, tmp_path) == out  # stable


def test_load_sections_rejects_unclosed_comment(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("### [`a/b`](https://github.com/a/b)\n\n<!-- oops\n")
    with pytest.raises(DraftError, match=r"a.md:3: unclosed"):
        load_sections(tmp_path)


def test_collect_prefills_the_month_prs(newsletter: Path, tmp_path: Path) -> None:
    clones = tmp_path / "clones"
    repo = clones / "vesper"
    repo.mkdir(parents=True)

    def git(*args: str, date: str = "2022-03-01T00:00:00Z", who: str = "berkus") -> None:
        env = {
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": f"{who}@users.noreply.github.com",
            "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": f"{who}@users.noreply.github.com",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        }
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)

    git("init", "-q", "-b", "main")
    git("commit", "-q", "--allow-empty", "-m", "init")
    git("checkout", "-q", "-b", "feat")
    git(
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Add the thing",
        date="2022-04-05T10:00:00Z",
        who="alice",
    )
    git("checkout", "-q", "main")
    git(
        "merge",
        "-q",
        "--no-ff",
        "feat",
        "-m",
        "Merge pull request #5 from alice/feat\n\nAdd the thing",
        date="2022-04-06T10:00:00Z",
    )
    git("remote", "add", "origin", "https://github.com/metta-systems/vesper")
    result = new(newsletter, "metta-systems/vesper", "berkus", "--collect", "--repos", str(clones))
    assert result.code == 0, result.err
    text = (newsletter / "content/this-month/2022-04/sections/vesper.md").read_text()
    assert "- [Add the thing](https://github.com/metta-systems/vesper/pull/5)" in text
    assert "Thanks to [@alice](https://github.com/alice)" in text
