"""``thismonth publish``: date, notes out, check, next draft; nothing written on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run
from test_draft_merge import CONFIG, FIRST, MONTH, REPOS
from thismonth.compose import build_issue
from thismonth.config import parse_config
from thismonth.draft.publish import strip_notes
from thismonth.models import Person, PullRequest, RepoActivity

ISSUE = "content/this-month/2022-04/index.md"
NEXT = "content/this-month/2022-05/index.md"


@pytest.fixture()
def drafted(tmp_path: Path) -> Path:
    text = CONFIG.replace(
        "[newsletter]\n",
        '[newsletter]\ncall_for_participation = "Pick an issue."\njoin_us = "Join us."\n',
    )
    (tmp_path / "thismonth.toml").write_text(text)
    cfg = parse_config(text, tmp_path / "thismonth.toml")
    acts = {r: RepoActivity(r, "main") for r in REPOS}
    for p in FIRST:
        acts[p.repo].pulls.append(p)
    bot = PullRequest(
        "rust-osdev/x86_64",
        9,
        "Bump foo from 1 to 2",
        "https://github.com/rust-osdev/x86_64/pull/9",
        Person("dependabot[bot]", "dependabot[bot]"),
        FIRST[0].merged_at,
        "main",
    )
    acts["rust-osdev/x86_64"].pulls.append(bot)
    doc = build_issue(cfg, MONTH, {r: a for r, a in acts.items() if a.pulls})
    (tmp_path / "ctx.json").write_text(json.dumps(doc.to_json()))
    assert run("draft", "2022-04", "--from-context", "ctx.json", cwd=tmp_path).code == 0
    return tmp_path


def test_publish_dates_strips_notes_and_opens_next(drafted: Path) -> None:
    result = run("publish", "2022-04", "--date", "2022-05-07", "--no-spelling", cwd=drafted)
    assert result.code == 0, result.out + result.err
    text = (drafted / ISSUE).read_text()
    assert "date = 2022-05-07\n" in text
    assert "draft = true" not in text
    assert "This is a draft for the upcoming" not in text
    assert "<!-- - [Bump foo from 1 to 2](https://github.com/rust-osdev/x86_64/pull/9) -->" in text
    assert "thismonth:sections" not in text
    assert (drafted / NEXT).exists()
    assert 'title = "This Month in Rust OSDev: May 2022"' in (drafted / NEXT).read_text()
    assert (drafted / ".thismonth/generated/2022-05.md").exists()
    assert "opened the next draft" in result.err


def test_strip_commented_removes_left_out_prs(drafted: Path) -> None:
    result = run(
        "publish",
        "2022-04",
        "--date",
        "2022-05-07",
        "--strip-commented",
        "--no-spelling",
        cwd=drafted,
    )
    assert result.code == 0, result.err
    assert "pull/9" not in (drafted / ISSUE).read_text()


def test_publish_twice_is_refused_and_changes_nothing(drafted: Path) -> None:
    assert run("publish", "2022-04", "--date", "2022-05-07", "--no-spelling", cwd=drafted).code == 0
    before = (drafted / ISSUE).read_text()
    result = run("publish", "2022-04", "--no-spelling", cwd=drafted)
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert f"{ISSUE}:3: 2022-04 is already published (date 2022-05-07)" in result.err
    assert (drafted / ISSUE).read_text() == before


def test_no_draft_yet(drafted: Path) -> None:
    result = run("publish", "2022-03", cwd=drafted)
    assert result.code == 1
    assert "no draft for 2022-03 yet: run `thismonth draft 2022-03` first" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_check_errors_stop_publish_and_nothing_changes(drafted: Path) -> None:
    issue = drafted / ISSUE
    issue.write_text(issue.read_text().replace("Pick an issue.", "Pick an issue. TODO"))
    before = issue.read_text()
    result = run("publish", "2022-04", "--no-spelling", cwd=drafted)
    assert result.code == 1
    assert ": todo: TODO left in the text" in result.out
    assert "not published: check found 1 error" in result.err
    assert issue.read_text() == before
    assert not (drafted / NEXT).exists()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.replace("+++", "+++ oops", 1), ":1: front matter"),
        (lambda t: t.replace("## Join Us?", "<!-- open\n## Join Us?"), "unclosed '<!--'"),
    ],
)
def test_damaged_draft_is_one_line_and_untouched(drafted: Path, damage, message: str) -> None:
    issue = drafted / ISSUE
    issue.write_text(damage(issue.read_text()))
    before = issue.read_text()
    result = run("publish", "2022-04", cwd=drafted)
    assert result.code == 1
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert issue.read_text() == before


def test_next_draft_is_never_overwritten(drafted: Path) -> None:
    nxt = drafted / NEXT
    nxt.parent.mkdir(parents=True)
    nxt.write_text('+++\ntitle = "mine"\ndraft = true\n+++\n\nAlready started.\n')
    assert run("publish", "2022-04", "--date", "2022-05-07", "--no-spelling", cwd=drafted).code == 0
    assert "Already started." in nxt.read_text()


def test_bad_date(drafted: Path) -> None:
    result = run("publish", "2022-04", "--date", "May 7", cwd=drafted)
    assert result.code == 2
    assert "--date 'May 7': expected YYYY-MM-DD" in result.err


def test_strip_notes_keeps_more_marker_and_fenced_code() -> None:
    text = (
        '+++\ntitle = "x"\n+++\n\nIntro.\n\n<!-- more -->\n\n<!--\n  a note\n-->\n\n'
        "Text <!-- inline note --> here.\n\n```\n<!-- in code -->\n```\n\n"
        "<!-- ### [`q`](https://github.com/o/q): no news, only these -->\n"
        "<!-- - [a](https://github.com/o/q/pull/1) -->\n"
    )
    out = strip_notes(text)
    assert "<!-- more -->" in out
    assert "a note" not in out
    assert "Text here." in out or "Text  here." in out
    assert "<!-- in code -->" in out
    assert "<!-- - [a](https://github.com/o/q/pull/1) -->" in out
    assert "no news, only these" in out


def test_set_date_in_yaml_and_toml_keeps_the_rest() -> None:
    import datetime as dt

    from thismonth.draft.publish import set_date

    yaml_text = "---\ntitle: x\ndraft: true\nmonth: April 2022  # kept\n---\n\nBody.\n"
    assert set_date(yaml_text, dt.date(2022, 5, 7), "yaml") == (
        "---\ntitle: x\ndate: 2022-05-07\nmonth: April 2022  # kept\n---\n\nBody.\n"
    )
    toml_text = (
        '+++\ntitle = "x"\n\n[extra]\nauthors = [\n    "a",  # add yourself here\n]\n+++\nBody\n'
    )
    assert set_date(toml_text, dt.date(2022, 5, 7), "zola") == toml_text.replace(
        'title = "x"\n', 'title = "x"\ndate = 2022-05-07\n'
    )
