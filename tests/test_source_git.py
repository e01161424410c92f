"""The git source on small repositories built with real git commands (tests/gitrepo.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from gitrepo import ALICE, BOB, DEPENDABOT, GitRepo
from thismonth.config import Package, ProjectConfig
from thismonth.months import Month
from thismonth.sources.git import GitSource

MARCH = Month(2024, 3)


def project(name: str = "demo", **kwargs) -> ProjectConfig:
    return ProjectConfig(
        repo=f"rust-osdev/{name}",
        name=name,
        clone=name,
        url=f"https://github.com/rust-osdev/{name}",
        **kwargs,
    )


def collect(repo: GitRepo, proj: ProjectConfig | None = None, month: Month = MARCH, tz=UTC):
    proj = proj or project(repo.path.name)
    return GitSource(repo.path.parent).collect(proj, month, tz)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    r = GitRepo.init(tmp_path / "demo")
    r.commit("Initial commit", date="2024-01-05T10:00:00+00:00")
    return r


def by_number(activity) -> dict:
    return {p.number: p for p in activity.pulls}


# ---------------------------------------------------------------- how PRs land


def test_github_merge_commit(repo: GitRepo) -> None:
    sha = repo.pull_request(12, "Fix the thing", date="2024-03-03T10:00:00+00:00")
    pr = by_number(collect(repo))[12]
    assert pr.title == "Fix the thing"
    assert pr.author.login == "alice" and pr.author.verified and not pr.author.bot
    assert pr.how == "merge"
    assert pr.base_branch == "main"
    assert pr.merge_commit == sha
    assert pr.url == "https://github.com/rust-osdev/demo/pull/12"
    assert pr.merged_at == datetime(2024, 3, 3, 10, tzinfo=UTC)
    assert pr.merged_at.tzinfo is not None


def test_squash_merge_with_noreply_author(repo: GitRepo) -> None:
    repo.commit("Fix the parser (#13)", author=BOB, date="2024-03-04T10:00:00+00:00")
    pr = by_number(collect(repo))[13]
    assert pr.title == "Fix the parser"
    assert pr.author.login == "bob" and pr.author.verified
    assert pr.how == "squash"


def test_squash_by_unknown_email_keeps_name_unverified(repo: GitRepo) -> None:
    repo.commit("Tidy (#21)", author=("Zed Zero", "zed@example.net"), date="2024-03-04T10:00:00Z")
    pr = by_number(collect(repo))[21]
    assert pr.author.login is None
    assert pr.author.name == "Zed Zero"
    assert not pr.author.verified


def test_rebase_merge_through_pull_ref(repo: GitRepo) -> None:
    base = repo.head()
    repo.branch("topic", base)
    orig = repo.commit("Add a feature", author=ALICE, date="2024-03-05T09:00:00+00:00")
    repo.update_ref("refs/pull/14/head", orig)
    repo.checkout("main")
    repo.commit("Unrelated direct commit", date="2024-03-05T09:30:00+00:00")
    # GitHub's rebase: same author, author date and subject; new committer and date.
    copy = repo.commit(
        "Add a feature",
        author=ALICE,
        date="2024-03-05T09:00:00+00:00",
        committer_date="2024-03-06T08:00:00+00:00",
    )
    pr = by_number(collect(repo))[14]
    assert pr.how == "rebase"
    assert pr.title == "Add a feature"
    assert pr.merge_commit == copy
    assert pr.merged_at == datetime(2024, 3, 6, 8, tzinfo=UTC)
    assert pr.author.name == "Alice Liddell"
    assert set(by_number(collect(repo))) == {14}


def test_rebase_merge_of_several_commits_is_one_pr(repo: GitRepo) -> None:
    repo.branch("topic")
    dates = ["2024-03-05T09:00:00+00:00", "2024-03-05T09:10:00+00:00"]
    repo.commit("Refactor the reader", author=ALICE, date=dates[0])
    tip = repo.commit("Use the new reader", author=ALICE, date=dates[1])
    repo.update_ref("refs/pull/30/head", tip)
    repo.checkout("main")
    repo.commit(
        "Refactor the reader", author=ALICE, date=dates[0], committer_date="2024-03-07T10:00:00Z"
    )
    last = repo.commit(
        "Use the new reader", author=ALICE, date=dates[1], committer_date="2024-03-07T10:00:01Z"
    )
    activity = collect(repo)
    assert [p.number for p in activity.pulls] == [30]
    assert activity.pulls[0].merge_commit == last
    assert activity.pulls[0].title == "Refactor the reader"


def test_fast_forward_of_a_pull_head(repo: GitRepo) -> None:
    tip = repo.commit("Pushed as is", author=ALICE, date="2024-03-08T10:00:00Z")
    repo.update_ref("refs/pull/31/head", tip)
    pr = by_number(collect(repo))[31]
    assert pr.title == "Pushed as is"


def test_bors_merge(repo: GitRepo) -> None:
    repo.branch("staging")
    repo.commit("Add thing", author=ALICE, date="2024-03-07T10:00:00+00:00")
    repo.checkout("main")
    repo.merge(
        "staging",
        "Merge #15\n\n15: Add thing r=carol a=dave\n\nLonger description.\n\n"
        "Co-authored-by: Dave <dave@example.com>",
        date="2024-03-07T11:00:00+00:00",
        author=("bors[bot]", "26634292+bors[bot]@users.noreply.github.com"),
    )
    pr = by_number(collect(repo))[15]
    assert pr.title == "Add thing"
    assert pr.author.login == "dave"
    assert pr.how == "bors"


def test_bors_batch_yields_each_pr(repo: GitRepo) -> None:
    repo.branch("staging")
    repo.commit("Two things", date="2024-03-07T10:00:00+00:00")
    repo.checkout("main")
    repo.merge(
        "staging",
        "Merge #30 #31\n\n30: First r=x a=ann\n\n31: Second r=x a=ben\n",
        date="2024-03-07T11:00:00+00:00",
    )
    pulls = by_number(collect(repo))
    assert pulls[30].title == "First" and pulls[30].author.login == "ann"
    assert pulls[31].title == "Second" and pulls[31].author.login == "ben"


def test_homu_merge(repo: GitRepo) -> None:
    repo.branch("auto")
    repo.commit("Topic work", date="2024-03-08T10:00:00+00:00")
    repo.checkout("main")
    repo.merge(
        "auto",
        "Auto merge of #16 - erin:topic, r=carol\n\nDo the topic\n\nMore words",
        date="2024-03-08T11:00:00+00:00",
        author=("homunkulus", "homunkulus@gmx.com"),
    )
    pr = by_number(collect(repo))[16]
    assert pr.title == "Do the topic"
    assert pr.author.login == "erin"
    assert pr.how == "homu"


def test_commits_inside_a_merged_branch_are_not_items(repo: GitRepo) -> None:
    repo.branch("feature")
    repo.commit("Part one (#99)", author=ALICE, date="2024-03-09T10:00:00Z")
    repo.commit("Part two", author=ALICE, date="2024-03-09T10:05:00Z")
    repo.checkout("main")
    repo.merge(
        "feature",
        "Merge pull request #40 from alice/feature\n\nFeature",
        date="2024-03-09T11:00:00Z",
    )
    activity = collect(repo)
    assert [p.number for p in activity.pulls] == [40]
    assert activity.commits == []


def test_branch_in_the_org_repo_takes_the_branch_author(repo: GitRepo) -> None:
    repo.branch("bump")
    repo.commit("Bump x from 1 to 2", author=DEPENDABOT, date="2024-03-09T10:00:00Z")
    repo.checkout("main")
    repo.merge(
        "bump",
        "Merge pull request #41 from rust-osdev/bump\n\nBump x from 1 to 2",
        date="2024-03-09T11:00:00Z",
    )
    repo.branch("own", "main")
    repo.commit("Own work", author=ALICE, date="2024-03-10T10:00:00Z")
    repo.checkout("main")
    repo.merge(
        "own", "Merge pull request #42 from rust-osdev/own\n\nOwn work", date="2024-03-10T11:00:00Z"
    )
    pulls = by_number(collect(repo))
    assert pulls[41].author.bot and pulls[41].author.login == "dependabot[bot]"
    assert pulls[42].author.name == "Alice Liddell"
    assert not pulls[42].author.bot


def test_dependabot_squash_is_a_bot(repo: GitRepo) -> None:
    repo.commit(
        "Bump serde from 1.0.1 to 1.0.2 (#43)", author=DEPENDABOT, date="2024-03-11T10:00:00Z"
    )
    pr = by_number(collect(repo))[43]
    assert pr.author.bot and pr.author.login == "dependabot[bot]"


def test_login_learned_from_other_merges(repo: GitRepo) -> None:
    # Alice's fork merge names her login; her squash merge later only has her e-mail.
    repo.pull_request(50, "Earlier work", date="2024-02-10T10:00:00Z")
    repo.commit("Later work (#51)", author=ALICE, date="2024-03-12T10:00:00Z")
    pr = by_number(collect(repo))[51]
    assert pr.author.login == "alice"


# ---------------------------------------------------------------- months and eras


def test_inherited_history_reuses_pr_numbers(repo: GitRepo) -> None:
    repo.pull_request(5, "Old predecessor change", login="olduser", date="2017-06-01T10:00:00Z")
    repo.pull_request(5, "New change", date="2024-03-15T10:00:00Z")
    pulls = collect(repo).pulls
    assert [(p.number, p.title) for p in pulls] == [(5, "New change")]


def test_merge_just_after_midnight_in_utc_plus_2(repo: GitRepo) -> None:
    # Merged at 00:30 on April 1st in UTC+2, which is March 31st 22:30 in UTC.
    repo.pull_request(60, "Late change", date="2024-04-01T00:30:00+02:00")
    assert 60 in by_number(collect(repo, month=MARCH, tz=UTC))
    assert 60 not in by_number(collect(repo, month=Month(2024, 4), tz=UTC))
    plus2 = timezone(timedelta(hours=2))
    assert 60 in by_number(collect(repo, month=Month(2024, 4), tz=plus2))
    assert 60 not in by_number(collect(repo, month=MARCH, tz=plus2))
    pr = by_number(collect(repo))[60]
    assert pr.merged_at.utcoffset() == timedelta(hours=2)  # the offset git recorded


def test_only_the_months_prs(repo: GitRepo) -> None:
    repo.pull_request(1, "February", date="2024-02-20T10:00:00Z")
    repo.pull_request(2, "March", date="2024-03-20T10:00:00Z")
    repo.pull_request(3, "April", date="2024-04-02T10:00:00Z")
    assert [p.number for p in collect(repo).pulls] == [2]


# ---------------------------------------------------------------- branches


def test_dev_branch_prs_and_direct_commits(repo: GitRepo) -> None:
    repo.branch("next")
    repo.checkout("main")
    repo.pull_request(70, "Main work", date="2024-03-02T10:00:00Z")
    repo.pull_request(71, "Next work", date="2024-03-03T10:00:00Z", base="next")
    repo.checkout("next")
    direct = repo.commit("Bump version for v0.15", author=ALICE, date="2024-03-04T10:00:00Z")
    repo.checkout("main")
    activity = collect(repo, project("demo", dev_branches=["next", "gone"]))
    pulls = by_number(activity)
    assert pulls[70].base_branch == "main"
    assert pulls[71].base_branch == "next"
    assert [(c.sha, c.branch, c.title) for c in activity.commits] == [
        (direct, "next", "Bump version for v0.15")
    ]
    assert activity.commits[0].url == f"https://github.com/rust-osdev/demo/commit/{direct}"
    assert any("'gone'" in w for w in activity.warnings)


def test_direct_commits_on_the_default_branch_are_not_items(repo: GitRepo) -> None:
    repo.commit("Fix CI", date="2024-03-04T10:00:00Z")
    activity = collect(repo)
    assert activity.pulls == [] and activity.commits == []


def test_default_branch_from_head_then_main(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "trunk", branch="trunk")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.pull_request(1, "On trunk", date="2024-03-02T10:00:00Z", base="trunk")
    activity = collect(r)
    assert activity.default_branch == "trunk"
    assert activity.pulls[0].base_branch == "trunk"


# ---------------------------------------------------------------- releases


def _uefi_repo(tmp_path: Path) -> GitRepo:
    r = GitRepo.init(tmp_path / "uefi-rs")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.tag("uefi-v0.1.0")
    r.tag("uefi-raw-v0.1.0")
    r.pull_request(1, "Before release", date="2024-03-02T10:00:00Z")
    r.tag("uefi-v0.2.0", message="uefi 0.2.0", date="2024-03-03T10:00:00Z")
    r.pull_request(2, "After release", date="2024-03-04T10:00:00Z")
    r.tag("uefi-raw-v0.2.0-beta.1", message="beta", date="2024-03-05T10:00:00Z")
    r.pull_request(3, "Later", date="2024-03-06T10:00:00Z")
    r.tag("uefi-raw-v0.2.0", message="raw", date="2024-04-02T10:00:00Z")
    r.tag("uefi-macros-v0.1.0")  # no package configured for it
    r.tag("uefi-vnext")  # not a version
    return r


def test_prefixed_tags_become_releases(tmp_path: Path) -> None:
    r = _uefi_repo(tmp_path)
    proj = project(
        "uefi-rs", packages=[Package("uefi", "uefi-v"), Package("uefi-raw", "uefi-raw-v")]
    )
    activity = collect(r, proj)
    releases = {(x.package, x.version): x for x in activity.releases}
    assert set(releases) == {("uefi", "0.2.0"), ("uefi-raw", "0.2.0-beta.1")}
    assert releases["uefi", "0.2.0"].previous == "0.1.0"
    assert releases["uefi", "0.2.0"].tag == "uefi-v0.2.0"
    assert releases["uefi", "0.2.0"].date == datetime(2024, 3, 3, 10, tzinfo=UTC)
    assert releases["uefi-raw", "0.2.0-beta.1"].previous == "0.1.0"
    pulls = by_number(activity)
    assert {(r.package, r.version) for r in pulls[1].released_in} == {
        ("uefi", "0.2.0"),
        ("uefi-raw", "0.2.0-beta.1"),
    }
    assert {(r.package, r.version) for r in pulls[3].released_in} == {("uefi-raw", "0.2.0")}
    assert pulls[3].released_in[0].date == datetime(2024, 4, 2, 10, tzinfo=UTC)


def test_released_in_is_the_first_release_by_date(tmp_path: Path) -> None:
    # A backport line: v0.9.15 ships the fix first, though v0.10.0-beta is a higher version
    # made earlier and v0.10.1 (made later) holds it too.
    r = GitRepo.init(tmp_path / "demo")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.tag("v0.10.0-beta", message="beta", date="2024-02-01T10:00:00Z")
    r.pull_request(1, "Fix", date="2024-03-02T10:00:00Z")
    r.tag("v0.9.15", message="backport", date="2024-03-03T10:00:00Z")
    r.commit("Bump", date="2024-03-20T10:00:00Z")
    r.tag("v0.10.1", message="later", date="2024-03-21T10:00:00Z")
    pr = by_number(collect(r))[1]
    assert [x.version for x in pr.released_in] == ["0.9.15"]


def test_package_prefix_does_not_take_longer_names(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "multiboot2")
    r.commit("Initial", date="2024-03-01T10:00:00Z")
    r.tag("multiboot2-header-v0.9.0", message="h", date="2024-03-02T10:00:00Z")
    r.tag("multiboot2-v0.20.0", message="m", date="2024-03-03T10:00:00Z")
    r.tag("multiboot2-0.3.1", message="legacy", date="2024-03-04T10:00:00Z")
    proj = project("multiboot2", packages=[Package("multiboot2", "multiboot2-v")])
    releases = collect(r, proj).releases
    assert sorted((x.tag, x.version) for x in releases) == [
        ("multiboot2-0.3.1", "0.3.1"),
        ("multiboot2-v0.20.0", "0.20.0"),
    ]
    proj_v = project("multiboot2", packages=[Package("multiboot2", "v")])
    assert all(x.tag != "multiboot2-header-v0.9.0" for x in collect(r, proj_v).releases)


def test_without_packages_the_repo_is_one_package(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "x86_64")
    r.commit("Initial", date="2024-03-01T10:00:00Z")
    r.tag("0.10.1", message="bare", date="2024-03-02T10:00:00Z")
    r.tag("v0.10.1", message="prefixed", date="2024-03-02T10:00:00Z")
    r.tag("v0.10.2", message="next", date="2024-03-05T10:00:00Z")
    r.tag("edk2-stable202311-r1", message="odd", date="2024-03-05T10:00:00Z")
    releases = collect(r).releases
    assert [(x.package, x.tag, x.previous) for x in releases] == [
        ("x86_64", "v0.10.1", None),
        ("x86_64", "v0.10.2", "0.10.1"),
    ]


# ---------------------------------------------------------------- pull-ref evidence


def test_same_head_in_two_prs_reports_both(repo: GitRepo) -> None:
    repo.branch("bot")
    tip = repo.commit("Lock file maintenance", author=DEPENDABOT, date="2024-03-05T09:00:00Z")
    repo.update_ref("refs/pull/9/head", tip)
    repo.update_ref("refs/pull/10/head", tip)
    repo.checkout("main")
    repo.commit(
        "Lock file maintenance",
        author=DEPENDABOT,
        date="2024-03-05T09:00:00Z",
        committer_date="2024-03-05T10:00:00Z",
    )
    assert sorted(by_number(collect(repo))) == [9, 10]


def test_rebase_evidence_nearest_in_time_wins(repo: GitRepo) -> None:
    # Two PR heads hold an equal commit (a PR reopened); the head pushed near the merge wins.
    repo.branch("a")
    old = repo.commit(
        "Same change",
        author=ALICE,
        date="2024-03-01T09:00:00Z",
        committer_date="2024-03-01T09:00:00Z",
    )
    repo.update_ref("refs/pull/7/head", old)
    repo.checkout("main")
    repo.branch("b")
    new = repo.commit(
        "Same change",
        author=ALICE,
        date="2024-03-01T09:00:00Z",
        committer_date="2024-03-20T09:00:00Z",
    )
    repo.update_ref("refs/pull/8/head", new)
    repo.checkout("main")
    repo.commit(
        "Same change",
        author=ALICE,
        date="2024-03-01T09:00:00Z",
        committer_date="2024-03-20T10:00:00Z",
    )
    assert sorted(by_number(collect(repo))) == [8]


def test_rebase_merge_of_a_high_pr_number_without_any_message(repo: GitRepo) -> None:
    # No message names a PR this month, so the pull heads' number blocks are probed.
    repo.branch("topic")
    orig = repo.commit("Big repo change", author=ALICE, date="2024-03-05T09:00:00Z")
    repo.update_ref("refs/pull/23456/head", orig)
    old = repo.commit("Ancient", author=ALICE, date="2019-01-01T09:00:00Z")
    repo.update_ref("refs/pull/12/head", old)
    repo.checkout("main")
    repo.commit(
        "Big repo change",
        author=ALICE,
        date="2024-03-05T09:00:00Z",
        committer_date="2024-03-06T09:00:00Z",
    )
    assert sorted(by_number(collect(repo))) == [23456]


def test_a_stray_low_tag_made_later_is_not_the_release(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "demo")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.tag("v0.10.0", message="before", date="2024-01-02T10:00:00Z")
    r.pull_request(1, "Change", date="2024-03-02T10:00:00Z")
    r.tag("v0.10.1", message="the release", date="2024-03-03T10:00:00Z")
    r.tag("v0.0.1-alpha.2", message="stray, made much later", date="2024-05-03T10:00:00Z")
    pr = by_number(collect(r))[1]
    assert [x.tag for x in pr.released_in] == ["v0.10.1"]


def test_rebase_merge_found_from_the_blocks_near_named_prs(repo: GitRepo) -> None:
    repo.pull_request(23001, "Named by its merge", date="2024-03-02T10:00:00Z")
    repo.branch("topic")
    orig = repo.commit("Rebased in", author=ALICE, date="2024-03-05T09:00:00Z")
    repo.update_ref("refs/pull/24010/head", orig)
    repo.checkout("main")
    repo.commit(
        "Rebased in",
        author=ALICE,
        date="2024-03-05T09:00:00Z",
        committer_date="2024-03-06T09:00:00Z",
    )
    pulls = by_number(collect(repo))
    assert sorted(pulls) == [23001, 24010]
    assert pulls[24010].how == "rebase"


def test_merge_by_hand_of_a_pull_head(repo: GitRepo) -> None:
    repo.branch("next")
    tip = repo.commit("Mark the beta release", author=BOB, date="2024-03-05T09:00:00Z")
    repo.update_ref("refs/pull/455/head", tip)
    repo.checkout("main")
    sha = repo.merge("next", "Merge branch 'next' into main", date="2024-03-06T09:00:00Z")
    pr = by_number(collect(repo))[455]
    assert (pr.title, pr.author.login, pr.merge_commit) == ("Mark the beta release", "bob", sha)


def test_a_tag_on_the_merge_commit_itself_is_its_release(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "demo")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.tag("v0.14.11")
    r.commit("Release v0.14.12 (#459)", date="2024-03-10T10:00:00Z")
    r.tag("v0.14.12")  # lightweight: dated like the commit
    r.commit("Later (#460)", date="2024-03-12T10:00:00Z")
    r.tag("v0.14.13")
    pulls = by_number(collect(r))
    assert [x.tag for x in pulls[459].released_in] == ["v0.14.12"]
    assert [x.tag for x in pulls[460].released_in] == ["v0.14.13"]


def test_a_commit_with_a_skewed_old_date_does_not_hide_the_month(repo: GitRepo) -> None:
    repo.commit("Early in March (#1)", author=BOB, date="2024-03-05T10:00:00Z")
    # Pushed in March, but its committer clock said 2023.
    repo.commit("Skewed clock (#2)", author=BOB, date="2023-06-01T10:00:00Z")
    repo.commit("Later in March (#3)", author=BOB, date="2024-03-10T10:00:00Z")
    assert sorted(by_number(collect(repo))) == [1, 3]
