"""Search windows: GitHub's 1,000-result cap never drops a pull request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fake_github.fixtures import config, project, source
from fake_github.server import FakeGitHub
from fake_github.world import Pull, World
from thismonth.months import Month
from thismonth.sources.github._search import pulls_query, split, subtract

START = datetime(2022, 4, 1, tzinfo=UTC)
END = datetime(2022, 5, 1, tzinfo=UTC)


def busy_world(n: int, repos: int = 5, skew: bool = False) -> World:
    w = World()
    for i in range(n):
        repo = w.repo(f"org/r{i % repos}")
        # skew: 90% of the merges on April 3rd
        if skew and i % 10:
            at = START + timedelta(days=2, seconds=i * 7)
        else:
            at = START + timedelta(seconds=(i * 2_591_000) // n)
        repo.add_pull(Pull(i + 1, f"PR {i}", f"user{i % 17}", at))
    return w


def test_a_busy_month_is_split_and_nothing_is_dropped():
    world = busy_world(2500)
    projects = [project(f"org/r{i}") for i in range(5)]
    with FakeGitHub(world) as fake:
        src = source(fake, config("org", projects))
        got = src.collect_month(projects, Month(2022, 4), UTC)
        assert fake.invalid == []
    numbers = sorted(p.number for a in got.activities.values() for p in a.pulls)
    assert numbers == list(range(1, 2501))
    # one probe, then pages of 100: ceil(2500/100) + 1 + the repository request
    assert src.requests <= 25 + 1 + 1 + 4


def test_skewed_months_split_again_where_needed():
    world = busy_world(2000, skew=True)
    projects = [project(f"org/r{i}") for i in range(5)]
    with FakeGitHub(world) as fake:
        got = source(fake, config("org", projects)).collect_month(projects, Month(2022, 4), UTC)
    assert sum(len(a.pulls) for a in got.activities.values()) == 2000


def test_split_is_proportional_and_stops_at_now():
    parts = split((START, END), 2500)
    assert len(parts) == 4 and parts[0][0] == START and parts[-1][1] == END
    now = START + timedelta(days=10)
    parts = split((START, END), 1500, now)
    assert parts[-1] == (now, END)
    assert split((START, START + timedelta(seconds=1)), 5000) == []


def test_subtract_finds_the_uncovered_windows():
    mid = START + timedelta(days=10)
    assert subtract((START, END), []) == [(START, END)]
    assert subtract((START, END), [(START, mid)]) == [(mid, END)]
    assert subtract((START, END), [(START, mid), (mid, END)]) == []


def test_search_windows_are_inclusive_to_the_second():
    q = pulls_query("org:x", (START, END))
    assert q == "org:x is:pr is:merged merged:2022-04-01T00:00:00+00:00..2022-04-30T23:59:59+00:00"
