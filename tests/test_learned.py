"""Habits learned from the archive at draft time: rules, settings, precedence, no peeking."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo
from thismonth.archive import parse_issue
from thismonth.compose import build_issue
from thismonth.compose.learned import apply, learn
from thismonth.config import parse_config
from thismonth.months import Month
from thismonth.render.render import render_issue

CONFIG = """
[newsletter]
name = "Demo"
organization = "demo"
output = "content/{month}/index.md"

[[projects]]
repo = "demo/widget"
"""


def issue_text(
    month: Month,
    listed: list[str],
    commented: list[str],
    *,
    first: int = 1,
    maintainers: str = "alice",
    thanks: tuple[str, ...] = (),
) -> str:
    """A small issue of ``month``: widget's listed and commented-out PRs, numbered on."""
    lines = [
        "+++",
        f'title = "This Month in Demo: {month.label}"',
        "[extra]",
        f'month = "{month.label}"',
        'editors = ["ed"]',
        "+++",
        "",
        "Hello.",
        "",
        "## Projects",
        "",
        "### [`widget`](https://github.com/demo/widget)",
        f'<span class="maintainers">Maintained by [@{maintainers}](https://github.com/{maintainers})</span>',
        "",
        f"Widget {month} does widgets. We merged:",
        "",
    ]
    n = first
    for title in listed:
        lines.append(f"- [{title}](https://github.com/demo/widget/pull/{n})")
        n += 1
    lines.append("")
    if thanks:
        people = " and ".join(f"[@{t}](https://github.com/{t})" for t in thanks)
        lines += [f"Thanks to {people} for their contributions!", ""]
    for title in commented:
        lines.append(f"<!-- - [{title}](https://github.com/demo/widget/pull/{n}) -->")
        n += 1
    return "\n".join(lines) + "\n"


def archive_issues(months: list[Month], **kw):  # type: ignore[no-untyped-def]
    out = []
    for i, m in enumerate(months):
        text = issue_text(
            m,
            ["Add a feature", "Fix a bug"],
            ["ci: bump runner", "ci: fix cache"],
            first=10 * i + 1,
            **kw,
        )
        out.append(parse_issue(text, Path(f"{m}.md"), m))
    return out


MONTHS = [Month(2024, 1), Month(2024, 2), Month(2024, 3)]


def config(extra: str = ""):  # type: ignore[no-untyped-def]
    return parse_config(CONFIG + extra, Path("thismonth.toml"))


def test_a_habit_with_support_becomes_a_rule_below_the_configs_own():
    learned = learn(config(), Month(2024, 4), archive_issues(MONTHS))
    rules = [(r.feature.key, r.action, r.repo, r.hits, r.total) for r in learned.rules]
    assert ("type:ci", "comment", None, 6, 6) in rules
    sentence = next(r for r in learned.rules if r.feature.key == "type:ci").sentence()
    assert sentence.startswith("comment out `ci:` PRs: 6 of the 6 in the last 3 issues")
    # The learned rule decides a new ci: PR...
    from datetime import UTC, datetime

    from thismonth.models import Person, PullRequest, RepoActivity

    def activity():  # type: ignore[no-untyped-def]
        pr = PullRequest(
            "demo/widget",
            99,
            "ci: new job",
            "https://github.com/demo/widget/pull/99",
            Person("Carol", "carol"),
            datetime(2024, 4, 3, tzinfo=UTC),
            "main",
        )
        return {"demo/widget": RepoActivity("demo/widget", "main", pulls=[pr])}

    doc = build_issue(apply(config(), learned), Month(2024, 4), activity())
    assert [e.action for e in doc.projects[0].entries] == ["comment"]
    # ...but a rule of the config wins over it.
    own = config('\n[policy]\nrules = [{ title = "^ci:", action = "list" }]\n')
    doc = build_issue(
        apply(own, learn(own, Month(2024, 4), archive_issues(MONTHS))), Month(2024, 4), activity()
    )
    assert [e.action for e in doc.projects[0].entries] == ["list"]


def test_too_little_support_is_reported_not_learned():
    learned = learn(config(), Month(2024, 3), archive_issues(MONTHS[:2]))
    assert not any(r.feature.key == "type:ci" for r in learned.rules)
    assert any("too little support" in t and "`ci:`" in t for t in learned.below_threshold)


def test_maintainers_and_descriptions_as_last_published_unless_stated():
    issues = archive_issues(MONTHS[:2]) + archive_issues(MONTHS[2:], maintainers="bob")
    learned = learn(config(), Month(2024, 4), issues)
    project = apply(config(), learned).projects[0]
    assert [m.login for m in project.maintainers] == ["bob"]
    assert project.description == "Widget 2024-03 does widgets."
    stated = config('maintainers = ["zed"]\ndescription = "Mine."\n')
    project = apply(stated, learn(stated, Month(2024, 4), issues)).projects[0]
    assert [m.login for m in project.maintainers] == ["zed"] and project.description == "Mine."
    # What init --archive copied gives way to a later issue's "Maintained by" line.
    copied = parse_config(
        CONFIG.replace("output", 'learned_until = "2024-02"\noutput') + 'maintainers = ["zed"]\n',
        Path("thismonth.toml"),
    )
    project = apply(copied, learn(copied, Month(2024, 4), issues)).projects[0]
    assert [m.login for m in project.maintainers] == ["bob"]


def test_later_issues_are_never_read():
    issues = archive_issues(MONTHS)
    before = learn(config(), Month(2024, 3), issues[:2])
    with_later = learn(config(), Month(2024, 3), issues)
    assert before.issues == with_later.issues == MONTHS[:2]


# ---------------------------------------------------------------- end to end


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    clone = GitRepo.init(tmp_path / "clones" / "widget")
    clone.commit("Initial", date="2024-01-01T00:00:00+00:00")
    for n, title in enumerate(["ci: speed up", "Add gears", "ci: lint"], start=100):
        clone.pull_request(
            n,
            title,
            login="carol",
            author=("Carol", "7+carol@users.noreply.github.com"),
            date=f"2024-04-0{n - 97}T10:00:00+00:00",
        )
    for i, m in enumerate(MONTHS):
        folder = tmp_path / "content" / str(m)
        folder.mkdir(parents=True)
        text = issue_text(
            m,
            ["Add a feature", "Fix a bug"],
            ["ci: bump runner", "ci: fix cache"],
            first=10 * i + 1,
        )
        (folder / "index.md").write_text(text)
    return tmp_path


def draft(site: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run(
        "draft",
        "2024-04",
        "--config",
        site / "thismonth.toml",
        "--source",
        "git",
        "--repos",
        site / "clones",
        "--output",
        "-",
        *extra,
    )


def test_draft_follows_the_archive_and_adding_later_issues_changes_nothing(site: Path):
    first = draft(site)
    assert first.code == 0, first.err
    assert "<!-- - [ci: speed up](https://github.com/demo/widget/pull/100) -->" in first.out
    assert "- [Add gears](https://github.com/demo/widget/pull/101)" in first.out
    assert "Maintained by [@alice]" in first.out
    # Issues of April and later, with the opposite habits, must not change April's draft.
    for i, m in enumerate([Month(2024, 4), Month(2024, 5)]):
        folder = site / "content" / str(m)
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            issue_text(m, ["ci: a", "ci: b", "ci: c"], [], first=90 + 5 * i, maintainers="mallory")
        )
    assert draft(site).out == first.out


def test_every_draft_says_what_it_learned_and_where_to_see_it(site: Path):
    result = draft(site)
    assert result.code == 0, result.err
    line = next(x for x in result.err.splitlines() if x.startswith("note: learned from"))
    assert "list/comment rules" in line and "thismonth policy explain 2024-04" in line
    (site / "content").rename(site / "elsewhere")  # the output folder holds no archive
    assert "note: no archive at" in draft(site).err
    assert "learned" not in draft(site, "--no-learn").err


def test_a_repository_unreadable_in_earlier_months_is_said_once(site: Path):
    toml = site / "thismonth.toml"
    toml.write_text(CONFIG + '\n[[projects]]\nrepo = "demo/gone"\n')
    result = draft(site, "--partial")
    assert result.code == 0, result.err
    said = [x for x in result.err.splitlines() if "demo/gone could not be read" in x]
    assert said == [
        "warning: learning: demo/gone could not be read for 3 earlier month(s) "
        "(2024-01, 2024-02, 2024-03): habits learned without it"
    ]


def test_learning_can_be_turned_off(site: Path):
    off = draft(site, "--no-learn")
    assert "- [ci: speed up](https://github.com/demo/widget/pull/100)" in off.out
    assert "Maintained by" not in off.out
    toml = site / "thismonth.toml"
    toml.write_text(CONFIG.replace("[[projects]]", "[policy]\nlearn = false\n\n[[projects]]"))
    assert draft(site).out == off.out


def test_policy_explain_shows_rules_evidence_overrides_and_decisions(site: Path):
    result = run(
        "policy",
        "explain",
        "2024-04",
        "--config",
        site / "thismonth.toml",
        "--source",
        "git",
        "--repos",
        site / "clones",
    )
    assert result.code == 0, result.err
    out = result.out
    assert "comment out `ci:` PRs: 6 of the 6 in the last 3 issues were commented out" in out
    assert "override: [[policy.rules]] title = '(?i)^ci(\\([^)]*\\))?!?:' action = \"list\"" in out
    assert "maintainers of demo/widget: @alice (as published in 2024-03)" in out
    assert "widget: ci: speed up (https://github.com/demo/widget/pull/100) commented out" in out
    explained = draft(site, "--explain")
    assert "Decisions in 2024-04 made by learned rules:" in explained.err


def test_a_missing_configured_archive_is_one_line(site: Path):
    result = draft(site, "--archive", site / "nowhere")
    assert result.code == 2 and "--archive" in result.err and "no such folder" in result.err


def test_long_lists_grouped_lately_are_grouped_again():
    issues = []
    for i, m in enumerate(MONTHS):
        text = issue_text(m, [], [], first=1)
        rows = ["#### Features", ""]
        rows += [
            f"- [feat: thing {k}](https://github.com/demo/widget/pull/{20 * i + k})"
            for k in range(5)
        ]
        rows += ["", "#### Fixes", ""]
        rows += [
            f"- [fix: bug {k}](https://github.com/demo/widget/pull/{20 * i + 10 + k})"
            for k in range(4)
        ]
        issues.append(parse_issue(text + "\n".join(rows) + "\n", Path(f"{m}.md"), m))
    learned = learn(config(), Month(2024, 4), issues)
    groups = {(r.feature.key, r.group) for r in learned.rules if r.group}
    assert groups == {("type:feat", "Features"), ("type:fix", "Fixes")}
    applied = apply(config(), learned)
    assert applied.projects[0].groups == ["Features", "Fixes"]
    from datetime import UTC, datetime

    from thismonth.models import Person, PullRequest, RepoActivity

    pr = PullRequest(
        "demo/widget",
        99,
        "feat: new",
        "https://github.com/demo/widget/pull/99",
        Person("Carol", "carol"),
        datetime(2024, 4, 3, tzinfo=UTC),
        "main",
    )
    doc = build_issue(
        applied, Month(2024, 4), {"demo/widget": RepoActivity("demo/widget", "main", pulls=[pr])}
    )
    assert doc.projects[0].entries[0].group == "Features"
    # Short lists lately: no groups learned.
    assert learn(config(), Month(2024, 4), archive_issues(MONTHS)).group_order == {}


def test_authors_never_thanked_are_left_out_like_maintainers():
    from datetime import UTC, datetime

    from thismonth.models import Person, PullRequest, RepoActivity

    mia = Person("Mia Maintainer", "mia")
    carol = Person("Carol", "carol")

    def history(m: Month) -> dict:  # type: ignore[type-arg]
        i = MONTHS.index(m)
        pulls = [
            PullRequest(
                "demo/widget",
                10 * i + n,
                "x",
                "u",
                who,
                datetime(m.year, m.month, 2, tzinfo=UTC),
                "main",
            )
            for n, who in ((1, mia), (2, carol))
        ]
        return {"demo/widget": RepoActivity("demo/widget", "main", pulls=pulls)}

    issues = [
        parse_issue(
            issue_text(m, ["Add a feature", "Fix a bug"], [], first=10 * i + 1, thanks=("carol",)),
            Path(f"{m}.md"),
            m,
        )
        for i, m in enumerate(MONTHS)
    ]
    learned = learn(config(), Month(2024, 4), issues, history)
    assert learned.not_thanked == {"demo/widget": ["mia"]}
    project = apply(config(), learned).projects[0]
    pulls = [
        PullRequest(
            "demo/widget",
            n,
            t,
            f"https://github.com/demo/widget/pull/{n}",
            who,
            datetime(2024, 4, n, tzinfo=UTC),
            "main",
        )
        for n, t, who in ((1, "Mine", mia), (2, "Theirs", carol))
    ]
    applied = apply(config(), learned)
    doc = build_issue(
        applied, Month(2024, 4), {"demo/widget": RepoActivity("demo/widget", "main", pulls=pulls)}
    )
    assert [t.login for t in doc.projects[0].thanks] == ["carol"]
    assert project.not_thanked == ["mia"]
    stated = config("not_thanked = []\n")
    assert learn(stated, Month(2024, 4), issues, history).not_thanked == {}
    # The learned habit says whom it left out, under the thanks line; a stated one does not.
    assert doc.projects[0].unthanked == ["mia"]
    text = render_issue(doc, applied)
    assert "not thanked, as in earlier issues (a learned habit): mia;" in text
    stated = config('not_thanked = ["mia"]\n')
    doc = build_issue(
        stated, Month(2024, 4), {"demo/widget": RepoActivity("demo/widget", "main", pulls=pulls)}
    )
    assert [t.login for t in doc.projects[0].thanks] == ["carol"]
    assert doc.projects[0].unthanked == []
    assert "not thanked" not in render_issue(doc, stated)
