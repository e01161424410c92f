"""The editor's month through the CLI: a failing source removes nothing, the window of
``--until`` belongs to the draft, and the draft and its merge state change together."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo
from test_cli_git import CONFIG, make_repo
from thismonth.draft.state import pending_path, read_state

ISSUE = "content/this-month/2022-04/index.md"
STATE = ".thismonth/generated/2022-04.md"


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    alpha = tmp_path / "clones" / "alpha"
    make_repo(alpha, [(1, "ann", "Add paging", "2022-04-02T10:00:00+00:00")])
    repo = GitRepo(alpha)
    repo.tag("v0.1.0", message="v0.1.0", date="2022-04-02T11:00:00+00:00")
    repo.pull_request(
        2, "Early May", login="bob", author=("bob", "bob@x.org"), date="2022-05-02T10:00:00+00:00"
    )
    repo.tag("v0.2.0", message="v0.2.0", date="2022-05-02T11:00:00+00:00")
    make_repo(
        tmp_path / "clones" / "beta", [(7, "carol", "Beta feature", "2022-04-20T10:00:00+00:00")]
    )
    return tmp_path


def draft(newsletter: Path, *args: str):
    return run("draft", "2022-04", "--repos", "clones", *args, cwd=newsletter)


# ------------------------------------------------------------------ a failing source


def test_a_failing_source_keeps_the_section_and_says_so(newsletter: Path) -> None:
    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    issue.write_text(
        issue.read_text().replace(
            "Beta does other things.", "Beta does other things.\n\nThe editor's paragraph on beta."
        )
    )
    clone = newsletter / "clones" / "beta"
    shutil.move(clone, newsletter / "beta-away")
    result = draft(newsletter)
    assert result.code == 1
    assert "tiny/beta" in result.err.strip().splitlines()[-1]
    assert "--partial" in result.err
    text = issue.read_text()
    assert "The editor's paragraph on beta." in text
    assert "- [Beta feature](https://github.com/tiny/beta/pull/7)" in text
    assert "<!-- thismonth: tiny/beta was not refreshed (" in text
    assert "no clone at" in text
    assert "- [Add paging](https://github.com/tiny/alpha/pull/1)" in text
    assert draft(newsletter, "--partial").code == 0
    shutil.move(newsletter / "beta-away", clone)
    result = draft(newsletter)
    assert result.code == 0, result.err
    text = issue.read_text()
    assert "not refreshed" not in text  # the note goes once the project is read again
    assert "The editor's paragraph on beta." in text
    assert text.count("tiny/beta/pull/7") == 1


def test_a_failing_source_on_a_first_draft_says_so_in_the_draft(newsletter: Path) -> None:
    shutil.rmtree(newsletter / "clones" / "beta")
    result = draft(newsletter, "--partial")
    assert result.code == 0, result.err
    assert "tiny/beta was not refreshed" in (newsletter / ISSUE).read_text()


# ------------------------------------------------------------------ --until


def releases(text: str) -> list[str]:
    return [x for x in text.splitlines() if "release of" in x]


def test_until_belongs_to_the_draft(newsletter: Path) -> None:
    assert draft(newsletter, "--until", "2022-05-03").code == 0
    issue = newsletter / ISSUE
    text = before = issue.read_text()
    assert "Early May" in text and "`v0.2.0`" in text
    issue.write_text(text.replace("Alpha does things.", "Alpha does things, says the editor."))
    result = draft(newsletter)
    assert result.code == 0, result.err
    assert "kept the window" in result.err and "2022-05-03" in result.err
    text = issue.read_text()
    assert "Early May" in text
    assert releases(text) == releases(before)  # never two contradictory "now vX" lines
    assert read_state(newsletter / STATE).until is not None
    result = draft(newsletter, "--no-until")
    assert result.code == 0, result.err
    text = issue.read_text()
    assert "Early May" not in text
    assert releases(text) == ["We published the first release of `alpha`, `v0.1.0`."]
    assert read_state(newsletter / STATE).until is None


def test_until_and_no_until_together_is_a_usage_error(newsletter: Path) -> None:
    result = draft(newsletter, "--until", "2022-05-03", "--no-until")
    assert result.code == 2


# ------------------------------------------------------------------ draft and state together


@pytest.mark.parametrize("how", ["read-only", "blocked"])
def test_unwritable_state_leaves_the_draft_as_it_was(newsletter: Path, how: str) -> None:
    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    before = issue.read_text()
    folder = newsletter / ".thismonth" / "generated"
    if how == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        folder.chmod(0o555)
    else:  # what root meets too: the state cannot be put in place
        (folder / "2022-04.md.pending" / "x").mkdir(parents=True)
    try:
        result = draft(newsletter, "--until", "2022-05-03")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder / "2022-04.md.pending", ignore_errors=True)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "2022-04.md: cannot write the merge state" in result.err
    assert issue.read_text() == before
    assert not list(folder.glob(".*tmp")) and not list(issue.parent.glob(".*tmp"))
    # and the next re-draft works from a state that matches the draft
    assert read_state(folder / "2022-04.md").until is None
    assert draft(newsletter, "--until", "2022-05-03").code == 0
    assert "Early May" in issue.read_text()


def test_a_state_that_cannot_be_renamed_puts_the_old_draft_back(
    newsletter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thismonth.draft import state as state_module

    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    before = issue.read_text()
    real = os.replace

    def failing(src, dst):  # the state's rename fails; every other rename works
        if str(dst).endswith("2022-04.md") and ".thismonth" in str(dst):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(state_module.os, "replace", failing)
    result = draft(newsletter, "--until", "2022-05-03")
    monkeypatch.undo()
    assert result.code == 1
    assert "cannot write the merge state" in result.err
    assert issue.read_text() == before
    assert not pending_path(newsletter / STATE).exists()


def test_a_run_killed_between_the_two_renames_is_completed_next_time(newsletter: Path) -> None:
    from thismonth.draft.state import state_text

    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    state = newsletter / STATE
    old = read_state(state).generated
    assert old is not None
    # as if killed after the draft was renamed and before its state was: the draft has
    # a new item the old state does not know; the editor then deletes nothing
    new_generated = old.replace(
        "- [Add paging](https://github.com/tiny/alpha/pull/1)",
        "- [Add paging](https://github.com/tiny/alpha/pull/1)\n- [Extra](https://github.com/tiny/alpha/pull/9)",
    )
    issue.write_text(new_generated)
    pending_path(state).write_text(state_text(new_generated, until=None, draft=new_generated))
    result = draft(newsletter)
    assert result.code == 0, result.err
    assert "completed the merge state" in result.err
    assert read_state(state).generated is not None
    assert not pending_path(state).exists()


# ------------------------------------------------------------------ an edited thanks line


def test_new_contributor_after_an_edited_thanks_line_gets_a_note(newsletter: Path) -> None:
    alpha = GitRepo(newsletter / "clones" / "alpha")
    alpha.pull_request(
        3, "Second", login="cy", author=("cy", "cy@x.org"), date="2022-04-05T10:00:00+00:00"
    )
    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    text = issue.read_text()
    generated = next(x for x in text.splitlines() if x.startswith("Thanks to [@ann]"))
    mine = "Thanks to [@ann](https://github.com/ann) and [@cy](https://github.com/cy), our heroes!"
    issue.write_text(text.replace(generated, mine))
    alpha.pull_request(
        4, "Third", login="dave", author=("dave", "d@x.org"), date="2022-04-06T10:00:00+00:00"
    )
    result = draft(newsletter)
    assert result.code == 0, result.err
    lines = issue.read_text().splitlines()
    assert mine in lines
    note = lines[lines.index(mine) + 1]
    assert note.startswith("<!-- thismonth: new contributors") and "[@dave]" in note
    assert "[@ann]" not in note and "[@cy]" not in note
    check = run("check", ISSUE, "--no-spelling", cwd=newsletter)
    assert "draft-note: warning: new contributors" in check.out
    assert draft(newsletter).code == 0
    assert issue.read_text().count("new contributors since") == 1


def test_a_snapshot_without_a_project_keeps_its_section(newsletter: Path) -> None:
    assert draft(newsletter).code == 0
    shutil.rmtree(newsletter / "clones" / "beta")
    exported = run(
        "snapshot", "export", "2022-04", "-o", "april.json", "--repos", "clones", cwd=newsletter
    )
    assert exported.code == 0, exported.err
    result = run("draft", "2022-04", "--source", "snapshot:april.json", cwd=newsletter)
    assert result.code == 1
    text = (newsletter / ISSUE).read_text()
    assert "- [Beta feature](https://github.com/tiny/beta/pull/7)" in text
    assert "tiny/beta was not refreshed (tiny/beta: not in snapshot april.json)" in text


def test_titles_holding_comment_markers_never_make_the_draft_damaged(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    make_repo(
        tmp_path / "clones" / "alpha",
        [
            (1, "ann", "Arrow a-->b", "2022-04-02T10:00:00+00:00"),
            (2, "bob", "Open <!-- here", "2022-04-03T10:00:00+00:00"),
        ],
    )
    make_repo(tmp_path / "clones" / "beta", [(3, "cy", "Beta", "2022-04-04T10:00:00+00:00")])
    first = run("draft", "2022-04", "--repos", "clones", cwd=tmp_path)
    assert first.code == 0, first.err
    again = run("draft", "2022-04", "--repos", "clones", cwd=tmp_path)
    assert again.code == 0, again.err  # the re-draft merges, no "damaged draft" error
    check = run("check", ISSUE, "--no-spelling", cwd=tmp_path)
    assert "comments" not in check.out


# ------------------------------------------------------------------ a damaged merge state


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (b"\xff\xfe not utf-8", "merge state cannot be read"),
        (b'<!-- thismonth:state {"until": "not a day"} -->\nbase\n', "header is damaged"),
    ],
)
def test_a_damaged_merge_state_is_said_and_costs_no_text(
    newsletter: Path, damage: bytes, said: str
) -> None:
    assert draft(newsletter).code == 0
    issue = newsletter / ISSUE
    issue.write_text(issue.read_text() + "\nA paragraph the editor wrote.\n")
    (newsletter / STATE).write_bytes(damage)
    result = draft(newsletter)
    assert result.code == 0, result.err
    assert "note: " in result.err
    assert said in result.err and "may come back once" in result.err
    assert "A paragraph the editor wrote." in issue.read_text()
