"""The activity cache: closed months are free, the current month is incremental, and an
interrupted run (an error, Ctrl-C, kill -9) leaves a consistent cache that the next run
resumes from."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from fake_github.fixtures import APRIL, april_projects, april_world, config, project, source
from fake_github.server import FakeGitHub
from fake_github.world import Pull, World
from thismonth.months import Month
from thismonth.sources.github import UnreachableError
from thismonth.store import Store

MONTH = Month(2022, 4)
TESTS = Path(__file__).parent


def collect(fake, store, projects=None, clock=None, cfg=None, **kw):
    projects = projects or april_projects()
    src = source(fake, cfg or config("rust-osdev", projects), store=store, clock=clock, **kw)
    return src, src.collect_month(projects, MONTH, UTC)


def test_a_closed_month_is_never_fetched_again(tmp_path):
    with FakeGitHub(april_world()) as fake:
        first, a = collect(fake, Store(tmp_path / "c.sqlite"))
        again, b = collect(fake, Store(tmp_path / "c.sqlite"))
    assert first.requests == 2 and again.requests == 0
    assert a == b
    info = Store(tmp_path / "c.sqlite").info()
    assert [m["complete"] for m in info["months"]] == [True]


def test_the_current_month_is_refreshed_incrementally(tmp_path):
    world = april_world()
    now = APRIL + timedelta(days=20)
    with FakeGitHub(world) as fake:
        store = Store(tmp_path / "c.sqlite")
        _first, _a = collect(fake, store, clock=lambda: now)
        repo = world.repos["rust-osdev/x86_64"]
        for i in range(20):
            repo.add_pull(Pull(500 + i, f"New {i}", "alice", now + timedelta(minutes=i)))
        later = now + timedelta(minutes=30)
        second, b = collect(fake, store, clock=lambda: later)
        assert fake.invalid == []
    assert second.requests <= 3
    assert [p.number for p in b.activities["rust-osdev/x86_64"].pulls][-20:] == list(
        range(500, 520)
    )
    assert store.info()["months"][0]["complete"] is False


def test_a_month_that_just_ended_is_completed_once(tmp_path):
    world = april_world()
    with FakeGitHub(world) as fake:
        store = Store(tmp_path / "c.sqlite")
        collect(fake, store, clock=lambda: APRIL + timedelta(days=29))
        world.repos["rust-osdev/x86_64"].add_pull(
            Pull(600, "Last minute", "bob", APRIL + timedelta(days=29, hours=23))
        )
        closing, got = collect(fake, store, clock=lambda: APRIL + timedelta(days=31))
        after, again = collect(fake, store, clock=lambda: APRIL + timedelta(days=40))
    assert closing.requests >= 1 and after.requests == 0
    assert 600 in [p.number for p in got.activities["rust-osdev/x86_64"].pulls]
    assert got == again


def test_a_failed_run_leaves_what_it_finished_and_the_next_resumes(tmp_path):
    world = World()
    for i in range(2500):
        world.repo(f"org/r{i % 5}").add_pull(
            Pull(i + 1, f"PR {i}", "u", APRIL + timedelta(seconds=i * 1000))
        )
    projects = [project(f"org/r{i}") for i in range(5)]
    cfg = config("org", projects)
    store = Store(tmp_path / "c.sqlite")
    with FakeGitHub(world) as fake:
        _, clean = collect(fake, Store(tmp_path / "clean.sqlite"), projects, cfg=cfg, concurrency=1)
        full = fake.requests
        fake.reset_counts()
        # the first window's pages succeed, then GitHub goes down for good
        fake.script.extend([None] * 14 + ["503"] * 100)
        with pytest.raises(UnreachableError):
            collect(fake, store, projects, cfg=cfg, concurrency=1)
        fake.script.clear()
        fake.reset_counts()
        resumed, got = collect(fake, store, projects, cfg=cfg, concurrency=1)
    assert got == clean
    assert resumed.requests < full - 5  # finished windows were not fetched again
    assert sqlite3.connect(tmp_path / "c.sqlite").execute("PRAGMA integrity_check").fetchone() == (
        "ok",
    )


KILLED_RUN = """
import sys
from datetime import UTC
sys.path[:0] = [{tests!r}]
from fake_github.fixtures import config, project, source
from fake_github.server import FakeGitHub
from thismonth.months import Month
from thismonth.sources.github import GitHubSource
from thismonth.store import Store
projects = [project(f"org/r{{i}}") for i in range(5)]
src = GitHubSource(config("org", projects), token={token!r}, api_url={url!r},
                   store=Store({db!r}), concurrency=1)
print("started", flush=True)
src.collect_month(projects, Month(2022, 4), UTC)
print("finished", flush=True)
"""


def test_kill_9_leaves_a_consistent_cache_that_resumes(tmp_path):
    world = World()
    for i in range(2500):
        world.repo(f"org/r{i % 5}").add_pull(
            Pull(i + 1, f"PR {i}", "u", APRIL + timedelta(seconds=i * 1000))
        )
    projects = [project(f"org/r{i}") for i in range(5)]
    db = tmp_path / "c.sqlite"
    from fake_github.server import TOKEN

    with FakeGitHub(world, latency=0.05) as fake:
        script = KILLED_RUN.format(tests=str(TESTS), token=TOKEN, url=fake.url, db=str(db))
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # until at least one window is committed
            if db.exists() and _windows(db) >= 1:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        committed = _windows(db)
        assert committed >= 1
        fake.reset_counts()
        fake.latency = 0
        _resumed, got = collect(fake, Store(db), projects, cfg=config("org", projects))
    assert sorted(p.number for a in got.activities.values() for p in a.pulls) == list(
        range(1, 2501)
    )


def _windows(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM coverage").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_info_and_clear(tmp_path):
    with FakeGitHub(april_world()) as fake:
        store = Store(tmp_path / "c.sqlite")
        collect(fake, store)
    info = store.info()
    assert info["pulls"] > 0 and info["months"][0]["month"] == "2022-04"
    store.clear()
    assert store.info()["pulls"] == 0 and store.info()["months"] == []


def test_store_lives_beside_the_config(tmp_path):
    cfg = config("org", [], path=tmp_path / "thismonth.toml")
    assert Store.path_for(cfg) == tmp_path / ".thismonth" / "activity.sqlite"


def test_a_broken_cache_file_is_a_clear_error(tmp_path):
    from thismonth.errors import UsageError

    bad = tmp_path / "c.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UsageError) as err:
        Store(bad)
    assert "cache clear" in str(err.value)


def test_writes_are_transactions(tmp_path):
    store = Store(tmp_path / "c.sqlite")
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("INSERT INTO http VALUES ('k', 'e', 'b', 'now')")
        raise RuntimeError
    assert store.etag_get("k") is None


def test_ctrl_c_stops_promptly_and_the_next_run_resumes(tmp_path):
    world = World()
    for i in range(2500):
        world.repo(f"org/r{i % 5}").add_pull(
            Pull(i + 1, f"PR {i}", "u", APRIL + timedelta(seconds=i * 1000))
        )
    (tmp_path / "thismonth.toml").write_text(
        '[newsletter]\norganization = "org"\n'
        + "".join(f'[[projects]]\nrepo = "org/r{i}"\n' for i in range(5))
    )
    db = tmp_path / ".thismonth" / "activity.sqlite"
    from fake_github.server import TOKEN

    with FakeGitHub(world, latency=0.05) as fake:
        env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.url}
        proc = subprocess.Popen(
            [sys.executable, "-m", "thismonth", "draft", "2022-04", "-o", "-"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (db.exists() and _windows(db) >= 1):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGINT)
        started = time.monotonic()
        _, err = proc.communicate(timeout=20)
        assert time.monotonic() - started < 10
        assert proc.returncode == 130, err
        assert "interrupted" in err or "aborted" in err
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        fake.latency = 0
        projects = [project(f"org/r{i}") for i in range(5)]
        _, got = collect(fake, Store(db), projects, cfg=config("org", projects))
    assert sorted(p.number for a in got.activities.values() for p in a.pulls) == list(
        range(1, 2501)
    )
