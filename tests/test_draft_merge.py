"""Re-drafting keeps every human edit: one test per kind of edit an editor makes."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clirun import run
from thismonth.compose import build_issue
from thismonth.config import parse_config
from thismonth.draft.merge import _balanced, merge_draft, merge_lines, validate
from thismonth.draft.state import read_state
from thismonth.errors import DraftError
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.render import render_issue

CONFIG = """
[newsletter]
name = "Rust OSDev"
intro = "Welcome to {month_label}."
projects_intro = "The projects of the organization."
other_projects = "Projects outside the organization."

[[projects]]
repo = "rust-osdev/x86_64"
maintainers = ["phil-opp"]
description = "The `x86_64` crate provides abstractions for x86_64 systems."
dev_branches = ["next"]

[[projects]]
repo = "rust-osdev/uefi-rs"
maintainers = ["nicholasbishop"]
description = "The `uefi` crate wraps UEFI."

[[projects]]
repo = "rust-osdev/bootloader"
description = "The `bootloader` crate."
"""
MONTH = Month(2022, 4)
REPOS = ("rust-osdev/x86_64", "rust-osdev/uefi-rs", "rust-osdev/bootloader")


def config(path: Path = Path("/tmp/thismonth.toml")):
    return parse_config(CONFIG, path)


def pr(
    repo: str, number: int, *, title: str | None = None, login: str = "alice", branch: str = "main"
) -> PullRequest:
    return PullRequest(
        repo=repo,
        number=number,
        title=title or f"Change number {number} of {repo.split('/')[1]}",
        url=f"https://github.com/{repo}/pull/{number}",
        author=Person(login, login),
        merged_at=datetime(2022, 4, 1 + number % 28, 12, tzinfo=UTC),
        base_branch=branch,
    )


def generate(pulls: list[PullRequest]) -> str:
    cfg = config()
    acts = {r: RepoActivity(r, "main") for r in REPOS}
    for p in pulls:
        acts[p.repo].pulls.append(p)
    acts = {r: a for r, a in acts.items() if a.pulls}
    return render_issue(build_issue(cfg, MONTH, acts), cfg)


X, U, B = REPOS
FIRST = [pr(X, 1), pr(X, 2, login="bob"), pr(X, 3), pr(U, 10), pr(U, 11, login="carol")]
MORE = [*FIRST, pr(X, 4, login="dave"), pr(U, 12), pr(X, 5, branch="next"), pr(B, 20)]


def redraft(
    edited: str,
    before: list[PullRequest],
    after: list[PullRequest],
    tmp_path: Path,
    *,
    state: bool = True,
) -> str:
    state_path = tmp_path / "state.md"
    if state:
        state_path.write_text(generate(before))
    else:
        state_path.unlink(missing_ok=True)
    return merge_draft(
        edited, generate(after), source="index.md", base=read_state(state_path).generated
    )


def item(repo: str, n: int) -> str:
    return f"https://github.com/{repo}/pull/{n})"


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


# ------------------------------------------------------------------ edits


def test_untouched_draft_takes_everything_new(tmp_path: Path) -> None:
    merged = redraft(generate(FIRST), FIRST, MORE, tmp_path)
    assert merged == generate(MORE)


def test_edited_title_stays_and_new_prs_join_their_project(tmp_path: Path) -> None:
    draft = generate(FIRST).replace("[Change number 2 of x86_64]", "[A much better title]")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert "- [A much better title](https://github.com/rust-osdev/x86_64/pull/2)" in merged
    assert "Change number 2 of x86_64" not in merged
    x86 = merged.split("### [`uefi-rs`]")[0]
    assert item(X, 4) in x86  # the new PR under its own project
    assert merged.count(item(X, 2)) == 1


def test_reordered_items_stay_in_their_order(tmp_path: Path) -> None:
    draft = generate(FIRST)
    one = lines_with(draft, item(X, 1))[0]
    three = lines_with(draft, item(X, 3))[0]
    draft = draft.replace(one, "@@").replace(three, one).replace("@@", three)
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert merged.index(item(X, 3)) < merged.index(item(X, 1))
    assert merged.count(item(X, 1)) == merged.count(item(X, 3)) == 1
    assert item(X, 4) in merged


def test_deleted_item_stays_deleted(tmp_path: Path) -> None:
    draft = generate(FIRST)
    draft = draft.replace(lines_with(draft, item(X, 2))[0] + "\n", "")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert item(X, 2) not in merged
    assert item(X, 4) in merged


def test_commented_out_and_back_in_stay_so(tmp_path: Path) -> None:
    draft = generate(FIRST)
    line = lines_with(draft, item(X, 1))[0]
    draft = draft.replace(line, f"<!-- {line} -->")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert f"<!-- {line} -->" in merged
    assert merged.count(item(X, 1)) == 1
    # and back in, after another re-draft
    uncommented = merged.replace(f"<!-- {line} -->", line)
    (tmp_path / "state.md").write_text(generate(MORE))
    again = merge_draft(
        uncommented,
        generate([*MORE, pr(X, 6)]),
        source="i.md",
        base=read_state(tmp_path / "state.md").generated,
    )
    assert line in again.splitlines()
    assert f"<!-- {line} -->" not in again


def test_commented_bot_pr_uncommented_by_editor(tmp_path: Path) -> None:
    bot = pr(X, 7, title="Bump foo from 1 to 2", login="dependabot[bot]")
    before = [*FIRST, bot]
    draft = generate(before)
    commented = lines_with(draft, item(X, 7))[0]
    assert commented.startswith("<!--")
    listed = "- [Bump foo to 2](https://github.com/rust-osdev/x86_64/pull/7)"
    draft = draft.replace(commented, "").replace(
        lines_with(draft, item(X, 3))[0], lines_with(draft, item(X, 3))[0] + "\n" + listed
    )
    merged = redraft(draft, before, [*MORE, bot], tmp_path)
    assert listed in merged
    assert merged.count(item(X, 7)) == 1


@pytest.mark.parametrize(
    "where", ["after-intro", "between-items", "end-of-project", "before-join-us", "top"]
)
def test_prose_added_anywhere_stays(tmp_path: Path, where: str) -> None:
    draft = generate(FIRST)
    prose = "The editor wrote this sentence by hand."
    anchors = {
        "after-intro": "Welcome to April 2022.",
        "between-items": lines_with(draft, item(X, 1))[0],
        "end-of-project": lines_with(draft, "Thanks to")[0],
        "before-join-us": "## Join Us?",
        "top": "+++\n\nWelcome",
    }
    anchor = anchors[where]
    if where == "top":
        draft = draft.replace("+++\n\nWelcome", f"+++\n\n{prose}\n\nWelcome", 1)
    elif where == "before-join-us":
        draft = draft.replace(anchor, f"{prose}\n\n{anchor}")
    else:
        draft = draft.replace(anchor, f"{anchor}\n{prose}", 1)
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert merged.count(prose) == 1
    for p in MORE:
        assert merged.count(p.url + ")") == 1


def test_edited_maintainers_and_description_stay(tmp_path: Path) -> None:
    draft = generate(FIRST)
    draft = draft.replace(
        "Maintained by [@phil-opp](https://github.com/phil-opp)",
        "Maintained by [@phil-opp](https://github.com/phil-opp) and [@josephlr](https://github.com/josephlr)",
    ).replace(
        "The `uefi` crate wraps UEFI.",
        "The `uefi` crate provides safe wrappers for UEFI,\nthe successor to the BIOS.",
    )
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert "and [@josephlr](https://github.com/josephlr)" in merged
    assert "the successor to the BIOS." in merged
    assert "The `uefi` crate wraps UEFI." not in merged


def test_new_branch_block_and_new_project_arrive_whole(tmp_path: Path) -> None:
    draft = generate(FIRST).replace("Welcome to April 2022.", "Welcome, edited.")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert "We also merged one update into the `next` branch:" in merged
    assert "### [`bootloader`](https://github.com/rust-osdev/bootloader)" in merged
    assert (
        merged.index("### [`bootloader`]")
        < merged.index(item(B, 20))
        < merged.index("## Call for Participation")
    )


def test_generated_lines_people_did_not_touch_are_updated(tmp_path: Path) -> None:
    draft = generate(FIRST)
    merged = redraft(draft, FIRST, MORE, tmp_path)
    thanks = lines_with(merged, "Thanks to")[0]
    assert "@dave" in thanks


def test_prs_that_moved_between_projects_are_not_listed_twice(tmp_path: Path) -> None:
    draft = generate(FIRST)
    line = lines_with(draft, item(U, 11))[0]
    draft = draft.replace(line + "\n", "")
    draft = draft.replace("Welcome to April 2022.", f"Welcome to April 2022.\n\n{line}")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert merged.count(item(U, 11)) == 1


def test_item_linked_from_prose_is_not_added_again(tmp_path: Path) -> None:
    draft = generate(FIRST).replace(
        "Welcome to April 2022.",
        "Welcome. Dave fixed [the GDT](https://github.com/rust-osdev/x86_64/pull/4) early.",
    )
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert merged.count(item(X, 4)) == 1


def test_editor_edit_and_new_prs_in_the_same_place(tmp_path: Path) -> None:
    draft = generate(FIRST)
    last = lines_with(draft, item(X, 3))[0]
    draft = draft.replace(last, last.replace("Change number 3", "Edited three"))
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert "Edited three" in merged
    assert merged.index("Edited three") < merged.index(item(X, 4))


def test_without_state_every_edit_stays(tmp_path: Path) -> None:
    draft = generate(FIRST).replace("[Change number 2 of x86_64]", "[Edited]")
    draft = draft.replace("The `uefi` crate wraps UEFI.", "Hand-written description.")
    merged = redraft(draft, FIRST, MORE, tmp_path, state=False)
    assert "[Edited](https://github.com/rust-osdev/x86_64/pull/2)" in merged
    assert "Hand-written description." in merged
    assert "The `uefi` crate wraps UEFI." not in merged
    assert "### [`bootloader`]" in merged
    assert "We also merged one update into the `next` branch:" in merged
    for p in MORE:
        assert merged.count(p.url + ")") == 1


def test_crlf_from_the_web_editor_is_kept(tmp_path: Path) -> None:
    draft = generate(FIRST).replace("\n", "\r\n")
    merged = redraft(draft, FIRST, MORE, tmp_path)
    assert "\r\n" in merged and "\n" not in merged.replace("\r\n", "")
    assert item(X, 4) in merged


def test_byte_order_mark_is_kept(tmp_path: Path) -> None:
    merged = redraft("\ufeff" + generate(FIRST), FIRST, MORE, tmp_path)
    assert merged.startswith("\ufeff+++\n")
    assert item(X, 4) in merged


def test_redraft_is_idempotent(tmp_path: Path) -> None:
    draft = generate(FIRST).replace("[Change number 2 of x86_64]", "[Edited]")
    once = redraft(draft, FIRST, MORE, tmp_path)
    (tmp_path / "state.md").write_text(generate(MORE))
    twice = merge_draft(
        once, generate(MORE), source="i.md", base=read_state(tmp_path / "state.md").generated
    )
    assert once == twice


# ------------------------------------------------------------------ damaged drafts


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.replace("+++\n", "", 1), "index.md:1: front matter: expected '+++'"),
        (lambda t: t.replace('title = "', "title = ", 1), "index.md:2: front matter"),
        (
            lambda t: t.replace(
                "## Call for Participation", "<!-- hidden\n\n## Call for Participation"
            ),
            "unclosed '<!--'",
        ),
        (lambda t: t.replace("## Join Us?", "stray -->\n\n## Join Us?"), "'-->' closes no comment"),
        (
            lambda t: t.replace(
                "## Join Us?", "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> next\n## Join Us?"
            ),
            "merge conflict marker",
        ),
    ],
)
def test_damaged_drafts_name_the_line(damage, message: str) -> None:
    text = damage(generate(FIRST))
    with pytest.raises(DraftError) as info:
        validate(text, "index.md")
    assert message in str(info.value)
    assert str(info.value).startswith("index.md:")
    line = int(str(info.value).split(":")[1])
    assert 1 <= line <= len(text.splitlines())


def test_unclosed_comment_names_its_line() -> None:
    text = generate(FIRST)
    lines = text.splitlines()
    at = lines.index("## Call for Participation")
    lines.insert(at, "<!-- forgot to close")
    with pytest.raises(DraftError, match=rf"index.md:{at + 1}: unclosed"):
        validate("\n".join(lines), "index.md")


def test_comment_markers_in_code_are_not_comments() -> None:
    text = generate(FIRST).replace(
        "## Join Us?", "Use `<!--` to start.\n\n```\n<!--\n```\n\n## Join Us?"
    )
    validate(text, "index.md")


# ------------------------------------------------------------------ through the CLI


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    cfg = config(tmp_path / "thismonth.toml")
    for name, pulls in (("first", FIRST), ("more", MORE)):
        acts = {r: RepoActivity(r, "main") for r in REPOS}
        for p in pulls:
            acts[p.repo].pulls.append(p)
        doc = build_issue(cfg, MONTH, {r: a for r, a in acts.items() if a.pulls})
        (tmp_path / f"{name}.json").write_text(json.dumps(doc.to_json()))
    return tmp_path


def test_cli_redraft_keeps_edits_and_state(newsletter: Path) -> None:
    assert run("draft", "2022-04", "--from-context", "first.json", cwd=newsletter).code == 0
    issue = newsletter / "content/this-month/2022-04/index.md"
    state = newsletter / ".thismonth/generated/2022-04.md"
    assert read_state(state).generated == issue.read_text()
    issue.write_text(issue.read_text().replace("[Change number 1 of x86_64]", "[Mine]"))
    result = run("draft", "2022-04", "--from-context", "more.json", cwd=newsletter)
    assert result.code == 0, result.err
    text = issue.read_text()
    assert "[Mine](https://github.com/rust-osdev/x86_64/pull/1)" in text
    assert item(X, 4) in text
    assert not list(issue.parent.glob(".*tmp"))


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        (lambda t: t.replace("title = ", "title = = ", 1), 2),
        (lambda t: t.replace("## Join Us?", "<!-- oops\n## Join Us?"), None),
    ],
)
def test_cli_damaged_draft_is_left_as_it_was(newsletter: Path, damage, line: int | None) -> None:
    assert run("draft", "2022-04", "--from-context", "first.json", cwd=newsletter).code == 0
    issue = newsletter / "content/this-month/2022-04/index.md"
    damaged = damage(issue.read_text())
    issue.write_text(damaged)
    before = issue.stat().st_mtime_ns
    result = run("draft", "2022-04", "--from-context", "more.json", cwd=newsletter)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "index.md:" in result.err
    if line is not None:
        assert f"index.md:{line}:" in result.err
    assert issue.read_text() == damaged
    assert issue.stat().st_mtime_ns == before


def _block(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n### ", start + 1)
    nxt = text.find("\n## ", start + 1)
    ends = [e for e in (end, nxt) if e != -1]
    return text[start : min(ends)]


@pytest.mark.parametrize("state", [True, False])
def test_reordered_projects_stay_so_and_get_their_own_prs(tmp_path: Path, state: bool) -> None:
    draft = generate(FIRST)
    x86 = _block(draft, "### [`x86_64`]")
    uefi = _block(draft, "### [`uefi-rs`]")
    draft = draft.replace(x86, "@@X@@").replace(uefi, x86).replace("@@X@@", uefi)
    merged = redraft(draft, FIRST, MORE, tmp_path, state=state)
    assert merged.index("### [`uefi-rs`]") < merged.index("### [`x86_64`]")
    assert item(X, 4) in _block(merged, "### [`x86_64`]")
    assert item(U, 12) in _block(merged, "### [`uefi-rs`]")
    for p in MORE:
        assert merged.count(p.url + ")") == 1


def test_generated_comment_blocks_never_unbalance_the_draft(tmp_path: Path) -> None:
    draft = generate(FIRST)
    # people trimmed the template note; thismonth's template note changed too
    draft = draft.replace("    Please use the following template:\n\n", "")
    state = tmp_path / "state.md"
    state.write_text(generate(FIRST))
    theirs = generate(MORE).replace(
        "    Please use the following template:\n",
        "-->\n\n<!--\n    A new note.\n-->\n\n<!--\n    Please use the following template:\n",
    )
    merged = merge_draft(draft, theirs, source="index.md", base=read_state(state).generated)
    validate(merged, "index.md")
    assert item(X, 4) in merged


def test_partly_matching_comments_never_leave_one_open() -> None:
    # found by a random search: the plain walk would leave a stray "-->"
    base = ["<!--", "", "b", "-->", "- [x](https://g.com/o/r/pull/1)", "", "a", ""]
    ours = ["", "", "", "<!--", "-->", ""]
    theirs = ["b", "", "<!--", "a", "", "-->"]
    assert not _balanced(merge_lines(base, ours, theirs))
    state = Path(tempfile.mkdtemp()) / "state.md"
    state.write_text("+++\n+++\n" + "\n".join(base) + "\n")
    merged = merge_draft(
        "+++\n+++\n" + "\n".join(ours) + "\n",
        "+++\n+++\n" + "\n".join(theirs) + "\n",
        source="i.md",
        base=read_state(state).generated,
    )
    validate(merged, "i.md")


def test_new_commented_pr_inside_a_section_people_commented_out(tmp_path: Path) -> None:
    bot = pr(X, 8, title="Bump bar from 1 to 2", login="dependabot[bot]")
    draft = generate(FIRST)
    x86 = _block(draft, "### [`x86_64`]")
    draft = draft.replace(x86, "<!--\n" + x86.rstrip("\n") + "\n-->\n")
    merged = redraft(draft, FIRST, [*FIRST, bot], tmp_path)
    validate(merged, "index.md")
    assert merged.count(item(X, 8)) == 1
