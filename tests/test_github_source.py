# ruff: noqa: F811
"""The GitHub source's records, read from the fake server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fake_github.fixtures import APRIL, april_projects, config, fake, project, source, world  # noqa: F401
from fake_github.schemas import query_errors
from fake_github.world import Pull
from thismonth.months import Month
from thismonth.sources.github import _queries as q
from thismonth.store import Store


def collect(fake, projects=None, tz=UTC, **kw):
    projects = projects or april_projects()
    src = source(fake, config("rust-osdev", projects), **kw)
    return src, src.collect_month(projects, Month(2022, 4), tz)


def test_pulls_of_the_month_with_what_only_github_knows(fake):
    src, got = collect(fake)
    x = got.activities["rust-osdev/x86_64"]
    assert [p.number for p in x.pulls] == [380, 381, 382, 383]
    first = x.pulls[0]
    assert first.title == "Add `Cr3::write_pcid`"
    assert first.url == "https://github.com/rust-osdev/x86_64/pull/380"
    assert first.author.login == "alice" and first.author.name == "alice"
    assert first.author.verified and not first.author.bot
    assert first.merged_at == APRIL + timedelta(days=2, hours=3)
    assert first.merged_at.tzinfo is not None
    assert first.base_branch == "main"
    assert first.labels == ("enhancement",)
    assert first.merge_commit and len(first.merge_commit) == 40
    assert first.how == "api"
    assert x.pulls[1].author.bot  # GitHub App (Bot) and [bot] login
    assert x.pulls[3].base_branch == "next"
    assert x.default_branch == "main"
    assert src.requests == 2  # repositories + issues, then one search page


def test_releases_use_the_package_prefix_only(fake):
    _, got = collect(fake)
    x = got.activities["rust-osdev/x86_64"]
    assert [(r.package, r.version, r.tag, r.previous) for r in x.releases] == [
        ("x86_64", "0.14.9", "v0.14.9", "0.14.8")
    ]
    assert x.releases[0].url == "https://github.com/rust-osdev/x86_64/releases/tag/v0.14.9"
    # multiboot2-header-v0.2.0 is not multiboot2's
    assert got.activities["rust-osdev/multiboot2"].releases == []
    uefi = got.activities["rust-osdev/uefi-rs"].releases
    assert [(r.package, r.version, r.previous) for r in uefi] == [
        ("uefi", "0.15.0", "0.14.0"),
        ("uefi-macros", "0.6.0", None),
    ]


def test_released_in_is_the_first_tag_after_the_merge_on_the_default_branch(fake):
    _, got = collect(fake)
    x = {p.number: p for p in got.activities["rust-osdev/x86_64"].pulls}
    assert [(r.package, r.version, r.tag) for r in x[380].released_in] == [
        ("x86_64", "0.14.9", "v0.14.9")
    ]
    assert x[382].released_in == ()  # merged after the last tag
    assert x[383].released_in == ()  # into `next`: not approximated
    uefi = got.activities["rust-osdev/uefi-rs"].pulls[0]
    assert {r.package for r in uefi.released_in} == {"uefi", "uefi-macros"}


def test_dev_branch_commits_without_a_pull_request(fake):
    _, got = collect(fake)
    commits = got.activities["rust-osdev/x86_64"].commits
    assert [(c.sha, c.title, c.branch, c.author.login) for c in commits] == [
        ("d" * 40, "Direct commit on next", "next", "dana")
    ]


def test_call_for_participation_issues(fake):
    _, got = collect(fake)
    assert [i.number for i in got.activities["rust-osdev/x86_64"].issues] == [12]
    uefi = got.activities["rust-osdev/uefi-rs"].issues
    assert [(i.number, i.labels) for i in uefi] == [(5, ("help wanted", "docs"))]


def test_quiet_repository_is_present_and_empty(fake):
    _, got = collect(fake)
    quiet = got.activities["rust-osdev/quiet"]
    assert quiet.pulls == [] and quiet.releases == [] and quiet.default_branch == "main"


def test_the_month_window_follows_the_newsletter_time_zone(fake, world):
    # 00:30 on May 1st in UTC+2 is April 30th 22:30 UTC: an April PR there.
    world.repos["rust-osdev/x86_64"].add_pull(
        Pull(390, "Late", "alice", datetime(2022, 4, 30, 22, 30, tzinfo=UTC))
    )
    _, utc = collect(fake)
    _, plus2 = collect(fake, tz=timezone(timedelta(hours=2)))
    assert 390 in [p.number for p in utc.activities["rust-osdev/x86_64"].pulls]
    assert 390 not in [p.number for p in plus2.activities["rust-osdev/x86_64"].pulls]


def test_projects_outside_the_org_are_searched_by_repo(fake, world):
    world.repo("someone/kernel").add_pull(Pull(3, "Outside", "zed", APRIL + timedelta(days=1)))
    projects = [*april_projects(), project("someone/kernel")]
    _, got = collect(fake, projects)
    assert [p.title for p in got.activities["someone/kernel"].pulls] == ["Outside"]
    assert any(
        "repo:someone/kernel" in (s.operation or "") or s.path == "/graphql" for s in fake.seen
    )


def test_every_query_shape_is_valid_against_githubs_schema():
    req = q.Request("All")
    req.search_pulls("s", "org:x is:pr", None)
    req.search_issues("i", "org:x is:issue", "abc")
    req.repository("r0", "a/b", ["next", "dev"], "2022-04-01T00:00:00Z", "2022-05-01T00:00:00Z")
    req.history_page("h", "a/b", "next", "2022-04-01T00:00:00Z", "2022-05-01T00:00:00Z", "c")
    assert query_errors(req.text()) == []
    assert query_errors("query { viewer { logn } }")  # and the check does check


def test_queries_sent_are_validated_by_the_fake(fake):
    collect(fake)
    assert fake.requests > 0
    assert fake.invalid == []


def test_concurrency_one_gives_the_same_records(fake, tmp_path):
    _, a = collect(fake, concurrency=1)
    _, b = collect(fake, store=Store(tmp_path / "c.sqlite"), concurrency=8)
    assert a == b


@pytest.mark.parametrize("typename_bot", [True, False])
def test_bots_by_type_or_configured_login(fake, world, typename_bot):
    world.repos["rust-osdev/x86_64"].add_pull(
        Pull(
            395, "chore(deps): update", "renovate-bot", APRIL + timedelta(days=3), bot=typename_bot
        )
    )
    _, got = collect(fake)
    p = next(p for p in got.activities["rust-osdev/x86_64"].pulls if p.number == 395)
    assert p.author.bot


def test_a_missing_dev_branch_is_a_warning(fake):
    projects = [project("rust-osdev/x86_64", dev_branches=["next", "gone"])]
    _, got = collect(fake, projects)
    x = got.activities["rust-osdev/x86_64"]
    assert x.warnings == ["rust-osdev/x86_64: branch 'gone' not found on GitHub; skipped"]
    assert [c.branch for c in x.commits] == ["next"]
