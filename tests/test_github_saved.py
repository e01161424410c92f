# ruff: noqa: F811
"""Saved searches and watched repositories through the GitHub source, against the fake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fake_github.fixtures import APRIL, config, fake, source, world  # noqa: F401
from fake_github.schemas import query_errors
from fake_github.world import Pull, Tag
from thismonth.months import Month
from thismonth.sources.github import month_query, run_searches
from thismonth.sources.github._saved import SAVED_QUERY
from thismonth.store import Store

MONTH = Month(2022, 4)


def test_the_saved_query_is_valid_for_githubs_schema() -> None:
    assert query_errors(SAVED_QUERY) == []


def test_pr_searches_get_the_months_window() -> None:
    q = month_query("repo:rust-lang/rust   is:pr label:O-UEFI", MONTH, UTC)
    assert q == (
        "repo:rust-lang/rust is:pr label:O-UEFI is:merged "
        "merged:2022-04-01T00:00:00+00:00..2022-04-30T23:59:59+00:00"
    )
    assert month_query("repo:a/b is:issue is:open", MONTH, UTC) == "repo:a/b is:issue is:open"


def _rust(world) -> None:
    r = world.repo("rust-lang/rust")
    r.add_pull(
        Pull(
            1,
            "uefi: add a target",
            "ann",
            APRIL + timedelta(days=3),
            labels=["O-UEFI"],
            body="Adds x86_64-unknown-uefi.\n\nMore.",
        )
    )
    r.add_pull(
        Pull(2, "Speed up the parser", "bo", APRIL + timedelta(days=4), labels=["T-compiler"])
    )
    r.add_pull(Pull(3, "Stabilize no_std thing", "cy", APRIL + timedelta(days=5)))
    r.add_pull(Pull(4, "uefi: in May", "ann", APRIL + timedelta(days=31), labels=["O-UEFI"]))


def test_searches_find_the_months_prs_and_cache_them(fake, world, tmp_path: Path) -> None:
    _rust(world)
    store = Store(tmp_path / "c.sqlite")
    now = datetime(2022, 6, 1, tzinfo=UTC)
    src = source(fake, config("rust-osdev", []), store=store, clock=lambda: now)
    searches = ["repo:rust-lang/rust is:pr label:O-UEFI", "repo:rust-lang/rust is:pr no_std"]
    hits, warnings = run_searches(src, searches, MONTH, UTC)
    assert warnings == []
    assert [(h.search, h.number) for h in hits] == [(searches[0], 1), (searches[1], 3)]
    assert hits[0].body == "Adds x86_64-unknown-uefi." and hits[0].labels == ("O-UEFI",)
    sent = src.requests
    again, _ = run_searches(src, searches, MONTH, UTC)
    assert again == hits and src.requests == sent  # a finished month: from the cache
    store.close()


def test_a_rejected_search_is_one_warning(fake, world) -> None:
    _rust(world)
    src = source(fake, config("rust-osdev", []))
    hits, warnings = run_searches(
        src, ["repo:nobody/nothing is:pr", "repo:rust-lang/rust is:pr no_std"], MONTH, UTC
    )
    assert [h.number for h in hits] == [3]
    assert len(warnings) == 1 and warnings[0].startswith("search 'repo:nobody/nothing is:pr': ")


def test_watched_repositories_collect_like_projects(fake, world) -> None:
    from thismonth.app.candidates import watched_sections

    os_repo = world.repo("someone/hobby-os")
    os_repo.add_pull(Pull(7, "Boot on real hardware", "someone", APRIL + timedelta(days=9)))
    os_repo.add_pull(Pull(8, "Thanks for the fix", "helper", APRIL + timedelta(days=10)))
    os_repo.tags.append(Tag("v0.3.0", "c3", APRIL + timedelta(days=11)))
    cfg = config("rust-osdev", [])
    src = source(fake, cfg)
    sections, warnings = watched_sections(cfg, src, ["someone/hobby-os", "ghost/missing"], MONTH)
    assert len(sections) == 1 and warnings and "ghost/missing" in warnings[0]
    (s,) = sections
    assert s.repo == "someone/hobby-os" and s.releases == ["v0.3.0"]
    assert warnings == [warnings[0]] and warnings[0].startswith(
        "watched repository ghost/missing: "
    )
    assert [e.url for e in s.project.listed] == [
        "https://github.com/someone/hobby-os/pull/7",
        "https://github.com/someone/hobby-os/pull/8",
    ]
