# ruff: noqa: F811
"""The summary line and the welcome of first-time contributors (issue 11, item 4)."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from clirun import run
from fake_github.fixtures import APRIL, april_projects, config, fake, source, world  # noqa: F401
from gitrepo import GitRepo
from thismonth.app.extras import project_extras
from thismonth.months import Month

CONFIG = """
[newsletter]
name = "Tiny"
organization = "tiny"
welcome_newcomers = true
summary_line = true

[[projects]]
repo = "tiny/alpha"
maintainers = ["maint"]
"""


def clones(tmp: Path) -> None:
    repo = GitRepo.init(tmp / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    pr = repo.pull_request
    pr(
        1,
        "Old work",
        login="ann",
        author=("Ann", "ann@example.com"),
        date="2022-03-02T10:00:00+00:00",
    )
    pr(
        2,
        "Older work",
        login="carol",
        author=("Carol C", "carol@example.com"),
        date="2022-03-05T10:00:00+00:00",
    )
    pr(
        3,
        "Add paging",
        login="ann",
        author=("Ann", "ann@example.com"),
        date="2022-04-02T10:00:00+00:00",
    )
    pr(
        4,
        "First fix",
        login="bob",
        author=("Bob", "bob@example.com"),
        date="2022-04-03T10:00:00+00:00",
    )
    # carol renamed her account: a new login, the same git identity: not new
    pr(
        5,
        "Renamed",
        login="carol-new",
        author=("Carol C", "carol@example.com"),
        date="2022-04-04T10:00:00+00:00",
    )
    pr(
        6,
        "Bump x from 1 to 2",
        login="dependabot[bot]",
        author=("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        date="2022-04-05T10:00:00+00:00",
    )


def test_draft_welcomes_newcomers_and_sums_up_the_month(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    clones(tmp_path)
    result = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=tmp_path)
    assert result.code == 0, result.err
    text = result.out
    intro = text.index("In this section, we give an overview")
    summary = text.index("This month, 4 pull requests were merged by 3 people in 1 repository.")
    welcome = text.index(
        "A warm welcome to [@bob](https://github.com/bob), who contributed for the first time this month!"
    )
    assert intro < summary < welcome < text.index("### [`alpha`]")
    assert "carol" not in text[welcome : text.index("\n", welcome)]


def test_a_source_that_cannot_tell_welcomes_nobody_and_says_why(tmp_path: Path) -> None:
    from thismonth.config import load_config
    from thismonth.models import Person, PullRequest, RepoActivity

    (tmp_path / "thismonth.toml").write_text(CONFIG)
    cfg = load_config(tmp_path / "thismonth.toml")
    pull = PullRequest(
        repo="tiny/alpha",
        number=1,
        title="x",
        url="https://github.com/tiny/alpha/pull/1",
        author=Person("ann", "ann"),
        merged_at=APRIL + timedelta(days=1),
        base_branch="main",
    )
    activities = {"tiny/alpha": RepoActivity("tiny/alpha", "main", pulls=[pull])}

    class Snapshot:
        name = "snapshot"

    extras, warnings = project_extras(cfg, Month(2022, 4), activities, Snapshot())  # type: ignore[arg-type]
    assert extras.newcomers == []
    assert (
        warnings
        == extras.notes
        == [
            "first-time contributors not welcomed: the snapshot source cannot say who contributed before"
        ]
    )
    assert extras.summary == "This month, 1 pull request was merged by 1 person in 1 repository."


def test_github_asks_who_merged_before_the_month(fake, world) -> None:
    cfg = config("rust-osdev", april_projects())
    cfg.newsletter.welcome_newcomers = True
    cfg.newsletter.summary_line = True
    src = source(fake, cfg)
    month = Month(2022, 4)
    activities = src.collect_month(cfg.projects, month, UTC).activities
    world.repo("rust-osdev/uefi-rs").add_pull(
        __import__("fake_github").Pull(300, "Years ago", "frank", APRIL - timedelta(days=400))
    )
    extras, warnings = project_extras(cfg, month, activities, src)
    assert warnings == []
    # alice merged #379 in March; frank long before; dependabot is a bot
    assert [p.login for p in extras.newcomers] == ["bob", "carol", "erin"]
    assert (
        extras.summary == "This month, 6 pull requests were merged by 5 people in 3 repositories."
    )
