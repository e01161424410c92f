"""``thismonth check``: one test per rule, the output formats, exit codes, real issues."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clirun import run
from thismonth.check import Activity, check_text, load_activity
from thismonth.check.findings import ERROR, WARNING, Finding
from thismonth.check.spelling import typos_path
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month

HEAD = """+++
title = "This Month in Rust OSDev: April 2022"
date = 2022-05-07

[extra]
month = "April 2022"
+++

Welcome to a new issue.

## Project Updates

### [`x86_64`](https://github.com/rust-osdev/x86_64)
<span class="maintainers">Maintained by [@phil-opp](https://github.com/phil-opp)</span>

We merged the following PRs this month:

- [Fix align functions](https://github.com/rust-osdev/x86_64/pull/375)
- [Cleanup Segment macros](https://github.com/rust-osdev/x86_64/pull/376)
<!-- - [Bump foo from 1 to 2](https://github.com/rust-osdev/x86_64/pull/377) -->

Thanks to [@a](https://github.com/a) for their contribution!
"""
TAIL = """
## Join Us?

Join us on [Zulip](https://rust-osdev.zulipchat.com).
"""
GOOD = HEAD + TAIL


def findings(text: str, **kw) -> list[Finding]:
    return check_text(text, "index.md", spell=False, **kw).findings


def rules(text: str, severity: str | None = None) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings(text) if severity is None or f.severity == severity]


def test_a_good_issue_has_no_findings() -> None:
    assert findings(GOOD) == []


def test_front_matter_broken_names_the_line() -> None:
    (f,) = findings(GOOD.replace('title = "', "title = ", 1))
    assert (f.line, f.rule, f.severity) == (2, "front-matter", ERROR)


def test_front_matter_required_keys() -> None:
    found = findings(GOOD.replace("date = 2022-05-07\n", ""))
    assert [(f.rule, f.message) for f in found] == [
        ("front-matter", "missing key 'date' (or 'draft = true' while a draft)")
    ]
    assert findings(GOOD.replace("date = 2022-05-07\n", "draft = true\n")) == []
    (f,) = findings(GOOD.replace('month = "April 2022"\n', ""))
    assert f.severity == WARNING and "month" in f.message


def test_front_matter_month_mismatch_and_early_date() -> None:
    found = findings(
        GOOD.replace(
            'title = "This Month in Rust OSDev: April 2022"',
            'title = "This Month in Rust OSDev: March 2022"',
        )
    )
    assert [(f.line, f.severity) for f in found] == [(2, WARNING)]
    found = findings(GOOD.replace("date = 2022-05-07", "date = 2022-04-20"))
    assert "before April 2022 ended" in found[0].message


@pytest.mark.parametrize(
    ("insert", "rule", "severity"),
    [
        ("<!-- never closed", "comments", ERROR),
        ("oops -->", "comments", ERROR),
        ("<<<<<<< HEAD", "comments", ERROR),
        ("...<<your project updates>>...", "placeholder", ERROR),
        (
            "### [`owner_name/repo_name`](https://github.com/owner_name/repo_name)",
            "placeholder",
            ERROR,
        ),
        ("TODO: write about the release", "todo", ERROR),
        ("<!-- TODO ask phil -->", "todo", WARNING),
        ("In April, …", "unfinished", ERROR),
        ("We did many things, ...", "unfinished", ERROR),
        ("It is getting better...", "unfinished", WARNING),
        ("- [Broken](https://github.com/o/r/pull/1", "link", ERROR),
        ("- [Spaced] (https://github.com/o/r/pull/1)", "link", ERROR),
        ("See [this](ttps://github.com/o)", "link", ERROR),
        ("- [](https://github.com/o/r/pull/2)", "link", ERROR),
        ("- [Typo](https://github.com/o/r/pulls/3)", "link", ERROR),
        ("- [Again](https://github.com/rust-osdev/x86_64/pull/375)", "duplicate-link", ERROR),
        (
            "<!-- - [Again](https://github.com/rust-osdev/x86_64/pull/376) -->",
            "duplicate-link",
            WARNING,
        ),
        ("##### Skipped a level", "headings", ERROR),
        ("# A second title", "headings", WARNING),
        ("## Project Updates\n\nAgain.", "headings", WARNING),
        ("## Empty\n", "empty-section", ERROR),
        (
            '### [`vga`](https://github.com/rust-osdev/vga)\n<span class="maintainers">Maintained by x</span>\n',
            "empty-section",
            ERROR,
        ),
        (
            "We merged the following PRs this month:\n\n<!-- - [a](https://github.com/o/r/pull/9) -->",
            "unfinished",
            ERROR,
        ),
    ],
)
def test_rules(insert: str, rule: str, severity: str) -> None:
    text = HEAD + "\n" + insert + "\n" + TAIL
    found = [f for f in findings(text) if f.rule == rule]
    assert found, findings(text)
    assert found[0].severity == severity
    assert found[0].line > 7


def test_not_flagged() -> None:
    ok = [
        "## Call for Participation\n\n_No updates were proposed for this section this month._",
        "We merged the following changes:\n\n#### Features\n\n- [a](https://github.com/o/r/pull/9)",
        "Backtrace:\n\n```\n<!-- TODO not a comment -->\n```",
        "Use `<!--` to open a comment.",
        "A [multi-line link](\nhttps://github.com/rust-lang/rust/pull/101703) is fine.",
        "See [the showcase](@/showcase/hermit/index.md) and [mail](mailto:a@b.c).",
        "- [Commit in a PR](https://github.com/o/r/pull/130/commits/7f7fec78ffb7)\n"
        "- [Another](https://github.com/o/r/pull/130/commits/58564910a743)",
    ]
    for extra in ok:
        assert findings(HEAD + "\n" + extra + "\n" + TAIL) == [], extra


def test_commented_template_placeholders_are_fine() -> None:
    text = GOOD.replace(
        "## Join Us?",
        "<!--\n    ### [`owner_name/repo_name`](url)\n    ...<<your project updates>>...\n-->\n\n## Join Us?",
    )
    assert findings(text) == []


# ------------------------------------------------------------------ activity


def pull(n: int, day: datetime) -> PullRequest:
    repo = "rust-osdev/x86_64"
    return PullRequest(
        repo, n, f"PR {n}", f"https://github.com/{repo}/pull/{n}", Person("a", "a"), day, "master"
    )


def activity() -> Activity:
    act = RepoActivity(
        "rust-osdev/x86_64",
        "master",
        pulls=[
            pull(375, datetime(2022, 4, 3, tzinfo=UTC)),
            pull(376, datetime(2022, 3, 3, tzinfo=UTC)),
        ],
    )
    return Activity(Month(2022, 4), "snap.json", {"rust-osdev/x86_64": act})


def test_pr_month_with_activity() -> None:
    text = GOOD.replace(
        "/pull/376)", "/pull/376)\n- [Later](https://github.com/rust-osdev/x86_64/pull/378)"
    )
    act = activity()
    act.repos["rust-osdev/x86_64"].pulls.append(pull(378, datetime(2022, 5, 2, tzinfo=UTC)))
    found = [(f.line, f.severity, f.message) for f in findings(text, activity=act)]
    assert (19, ERROR, "rust-osdev/x86_64#376 was merged on 2022-03-03, not in April 2022") in found
    assert (
        20,
        WARNING,
        "rust-osdev/x86_64#378 was merged on 2022-05-02, after April 2022",
    ) in found
    assert all(line != 18 for line, *_ in found)


def test_pr_month_skipped_with_a_note() -> None:
    report = check_text(GOOD, "index.md", spell=False)
    assert any("pr-month: skipped" in n for n in report.notes)


def test_load_activity_list_and_snapshot(tmp_path: Path) -> None:
    acts = activity().repos["rust-osdev/x86_64"]
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([acts.to_json()]))
    assert load_activity(listed).pull("rust-osdev/x86_64", 375) is not None
    snap = tmp_path / "snap.json"
    snap.write_text(
        json.dumps(
            {
                "format": "thismonth-snapshot",
                "version": 1,
                "month": "2022-04",
                "activities": [acts.to_json()],
                "warnings": [],
            }
        )
    )
    loaded = load_activity(snap)
    assert loaded.month == Month(2022, 4)
    assert loaded.pull("rust-osdev/x86_64", 376) is not None


# ------------------------------------------------------------------ CLI


def write_issue(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content/this-month/2022-04/index.md"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_listed_before_across_issues(tmp_path: Path) -> None:
    a = write_issue(tmp_path, GOOD)
    may = tmp_path / "content/this-month/2022-05/index.md"
    may.parent.mkdir(parents=True)
    may.write_text(GOOD.replace("April 2022", "May 2022").replace("2022-05-07", "2022-06-07"))
    result = run("check", may, a, "--no-spelling")
    assert result.code == 0
    assert (
        f"{may}:18: listed-before: warning: rust-osdev/x86_64#375 was already listed in {a}:18"
        in result.out
    )


def test_cli_exit_codes_and_format(tmp_path: Path) -> None:
    path = write_issue(tmp_path, GOOD.replace("Welcome to a new issue.", "Welcome. TODO"))
    result = run("check", path, "--no-spelling")
    assert result.code == 1
    assert result.out == f"{path}:9: todo: TODO left in the text\n"
    assert "1 file checked: 1 error, 0 warnings" in result.err
    path.write_text(GOOD.replace("Welcome to a new issue.", "It is getting better..."))
    result = run("check", path, "--no-spelling")
    assert result.code == 0
    assert "unfinished: warning: paragraph ends in an ellipsis" in result.out


def test_cli_github_annotations(tmp_path: Path) -> None:
    path = write_issue(tmp_path, GOOD.replace("Welcome to a new issue.", "Welcome. TODO"))
    result = run("check", path, "--format", "github", "--no-spelling")
    assert result.out == f"::error file={path},line=9,title=todo::TODO left in the text\n"


def test_cli_checks_the_sections_beside_the_issue(tmp_path: Path) -> None:
    path = write_issue(tmp_path, GOOD)
    (path.parent / "sections").mkdir()
    (path.parent / "sections" / "vesper.md").write_text("Just text, no heading.\n")
    result = run("check", path, "--no-spelling")
    assert result.code == 1
    assert "sections/vesper.md:1: section: a section starts with its heading" in result.out


def test_cli_checks_a_section_file_on_its_own(tmp_path: Path) -> None:
    folder = tmp_path / "content/this-month/2022-04/sections"
    folder.mkdir(parents=True)
    (folder / "vesper.md").write_text(
        "### [`metta-systems/vesper`](https://github.com/metta-systems/vesper)\n"
        '<span class="maintainers">(Section written by [@berkus](https://github.com/berkus))</span>\n\n'
        "Vesper boots.\n"
    )
    result = run("check", folder / "vesper.md", "--no-spelling")
    assert result.code == 0, result.out
    assert result.out == ""


def test_cli_missing_file_and_bad_activity(tmp_path: Path) -> None:
    result = run("check", tmp_path / "nope.md")
    assert result.code == 2
    assert "nope.md: no such file" in result.err
    path = write_issue(tmp_path, GOOD)
    (tmp_path / "bad.json").write_text("{")
    result = run("check", path, "--activity", tmp_path / "bad.json")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


# ------------------------------------------------------------------ the real issues

PUBLISHED = Path(__file__).resolve().parents[2] / "shared" / "data" / "rust-osdev" / "published"


@pytest.mark.skipif(not PUBLISHED.is_dir(), reason="../shared/data not present")
def test_the_51_published_issues() -> None:
    files = sorted(PUBLISHED.glob("*.md"))
    assert len(files) == 51
    result = run("check", *files, "--no-spelling")
    found = [line.replace(str(PUBLISHED) + "/", "") for line in result.out.splitlines()]
    assert [line for line in found if "warning:" not in line] == [
        "2020-04.md:124: link: malformed URL 'ttps://github.com/IsaacWoods'",
        "2021-07.md:59: duplicate-link: rust-osdev/acpi#103 is listed twice (also line 58)",
        "2023-09.md:126: duplicate-link: rust-osdev/acpi/commit/133001e59d3f is listed twice (also line 125)",
    ]
    assert (
        "2022-03.md:59: listed-before: warning: rust-osdev/x86_64#343 was already listed in 2022-02.md:74"
        in found
    )
    assert "3 errors" in result.err
    assert result.code == 1


def test_next_month_snapshot_makes_late_prs_known() -> None:
    act = activity()
    may = RepoActivity(
        "rust-osdev/x86_64", "master", pulls=[pull(378, datetime(2022, 5, 2, tzinfo=UTC))]
    )
    act.add(Activity(Month(2022, 5), "may.json", {"rust-osdev/x86_64": may}))
    text = GOOD.replace(
        "/pull/376)", "/pull/376)\n- [Later](https://github.com/rust-osdev/x86_64/pull/378)"
    )
    found = [(f.line, f.severity, f.message) for f in findings(text, activity=act)]
    assert (
        20,
        WARNING,
        "rust-osdev/x86_64#378 was merged on 2022-05-02, after April 2022",
    ) in found


def test_activity_of_another_month_is_skipped_with_a_note() -> None:
    act = activity()
    act.months = {Month(2022, 5)}
    report = check_text(GOOD, "index.md", spell=False, activity=act)
    assert report.findings == []
    assert any("the activity is of 2022-05, the issue of 2022-04" in n for n in report.notes)


@pytest.mark.skipif(typos_path() is None, reason="typos is not installed")
def test_spelling_through_typos() -> None:
    report = check_text(
        GOOD.replace("Welcome to a new issue.", "Welcome to teh new issue."), "index.md"
    )
    assert [(f.line, f.rule, f.severity) for f in report.findings] == [(9, "spelling", WARNING)]
    assert "did you mean the" in report.findings[0].message


def test_pr_merged_after_the_issue_was_published() -> None:
    act = activity()
    act.repos["rust-osdev/x86_64"].pulls.append(pull(378, datetime(2022, 5, 8, 9, tzinfo=UTC)))
    text = GOOD.replace(
        "/pull/376)", "/pull/376)\n- [Later](https://github.com/rust-osdev/x86_64/pull/378)"
    )
    found = [(f.line, f.severity, f.message) for f in findings(text, activity=act)]
    assert (
        20,
        ERROR,
        "rust-osdev/x86_64#378 was merged on 2022-05-08, after the issue was published (2022-05-07)",
    ) in found
