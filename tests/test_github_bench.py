"""bench/github.py on a small org: both strategies agree, the REST side follows OpenAPI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from fake_github.server import FakeGitHub
from thismonth.store import Store

BENCH = Path(__file__).resolve().parents[1] / "bench" / "github.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_github", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_github"] = module
    spec.loader.exec_module(module)
    return module


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
