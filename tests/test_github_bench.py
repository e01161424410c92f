"""bench/github.py on a small org: both strategies agree, the REST side follows OpenAPI."""

from __future__ import annotations

from benchload import load_bench as _load
from fake_github.server import FakeGitHub
from thismonth.store import Store


def load_bench():
    return _load("github")


def test_both_strategies_find_the_same_pull_requests(tmp_path):
    bench = load_bench()
    world = bench.build_world(repos=12, pulls=150)
    cfg = bench.make_config(world)
    with FakeGitHub(world) as fake:  # REST payloads validated against OpenAPI
        collected, requests, _, _ = bench.thismonth_run(fake, cfg, Store(tmp_path / "a.sqlite"))
        theirs_requests, theirs_pulls, _ = bench.per_repository_strategy(fake)
        assert fake.rest.invalid == []
    ours = sum(len(a.pulls) for a in collected.activities.values())
    assert ours == theirs_pulls == 150
    assert requests <= 2 + 1  # a page of search, one repository batch, room for a split
    assert theirs_requests >= 12 + 1
    draft = bench.draft(cfg, collected)
    assert "Improve thing" in draft
