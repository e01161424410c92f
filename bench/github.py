"""Benchmark: thismonth's GitHub source against the per-repository strategy, on the fake.

    .venv/bin/python bench/github.py [--repos 300] [--pulls 1500] [--latency 0.05]

The fake GitHub server (tests/fake_github) runs on 127.0.0.1 with the given latency per
request. Figures printed:

1. A closed month of an org with REPOS repositories and PULLS merged PRs: requests and
   wall time for thismonth (GraphQL search, batched repositories, concurrency 4) and for
   the per-repository strategy rust-osdev's script uses (list the org's repositories,
   then pages of closed PRs of each, newest first, until the month is passed),
   sequential as the script is.
2. Re-running the closed month: requests (target 0).
3. The current month re-run after 20 new PRs, within the hour (target <= 3).
4. With 20% of requests failing (5xx, timeouts, resets, truncated bodies, secondary rate
   limits): whether the draft is byte-identical to the fault-free one.

Targets: requests <= ceil(PRs/100) + 10; wall time <= 1/10 of the per-repository strategy.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from fake_github import FakeGitHub, Pull, Tag, World  # noqa: E402
from fake_github.server import TOKEN  # noqa: E402
from fake_github.world import Commit, Issue  # noqa: E402
from thismonth.app.pipeline import compose_and_render  # noqa: E402
from thismonth.config import ProjectConfig, default_config  # noqa: E402
from thismonth.months import Month  # noqa: E402
from thismonth.sources.github import GitHubSource, RetryPolicy  # noqa: E402
from thismonth.store import Store  # noqa: E402

ORG = "bench-org"
MONTH = Month(2022, 4)
START, END = (t.astimezone(UTC) for t in MONTH.window(UTC))


def build_world(repos: int, pulls: int, seed: int = 7) -> World:
    rng = random.Random(seed)
    world = World()
    names = [f"{ORG}/crate-{i:03d}" for i in range(repos)]
    for name in names:
        repo = world.repo(name)
        # history before the month, and a little after it
        for n in range(rng.randint(5, 150)):
            at = START - timedelta(days=rng.uniform(1, 900))
            repo.add_pull(
                Pull(len(repo.pulls) + 1, f"Old change {n}", f"dev{rng.randint(1, 60)}", at)
            )
        for n in range(rng.randint(0, 3)):
            at = END + timedelta(days=rng.uniform(0, 20))
            repo.add_pull(Pull(len(repo.pulls) + 1, f"Later change {n}", "dev1", at))
        repo.tags.append(Tag("v0.1.0", f"{name}-t0", START - timedelta(days=100)))
        if rng.random() < 0.3:
            repo.tags.append(
                Tag("v0.2.0", f"{name}-t1", START + timedelta(days=rng.uniform(0, 29)))
            )
        if rng.random() < 0.2:
            repo.issues.append(
                Issue(9000, "Help wanted", ["help wanted"], START - timedelta(days=3))
            )
        if rng.random() < 0.1:
            repo.branches["next"] = [
                Commit(
                    f"{rng.getrandbits(160):040x}",
                    "Direct fix on next",
                    START + timedelta(days=3),
                    "Ann",
                    "ann",
                )
            ]
    for n in range(pulls):
        repo = world.repos[rng.choice(names)]
        at = START + timedelta(seconds=rng.uniform(0, (END - START).total_seconds() - 1))
        bot = rng.random() < 0.15
        title = f"Bump serde from 1.0.{n} to 1.0.{n + 1}" if bot else f"Improve thing {n}"
        author = "dependabot[bot]" if bot else f"dev{rng.randint(1, 60)}"
        repo.add_pull(
            Pull(len(repo.pulls) + 1, title, author, at, bot=bot, labels=["bench"] if n % 3 else [])
        )
    return world


def make_config(world: World):
    cfg = default_config()
    cfg.newsletter.name = "Bench OSDev"
    cfg.newsletter.organization = ORG
    cfg.projects = [
        ProjectConfig(
            repo=name,
            name=name.split("/")[1],
            clone=name.split("/")[1],
            url=f"https://github.com/{name}",
            dev_branches=["next"] if "next" in repo.branches else [],
        )
        for name, repo in sorted(world.repos.items())
    ]
    return cfg


def thismonth_run(fake: FakeGitHub, cfg, store: Store, clock=None, policy=None):
    src = GitHubSource(
        cfg,
        token=TOKEN,
        api_url=fake.url,
        store=store,
        concurrency=4,
        clock=clock,
        policy=policy,
        console=Console(file=io.StringIO()),
    )
    fake.reset_counts()
    started = time.perf_counter()
    collected = src.collect_month(cfg.projects, MONTH, UTC)
    elapsed = time.perf_counter() - started
    return collected, src.requests, fake.requests, elapsed


def per_repository_strategy(fake: FakeGitHub) -> tuple[int, int, float]:
    """rust-osdev's script: every repository, then its closed PRs page by page."""
    fake.reset_counts()
    started = time.perf_counter()
    merged = 0
    headers = {"Authorization": f"bearer {TOKEN}", "Accept": "application/vnd.github+json"}
    with httpx.Client(base_url=fake.url, headers=headers, timeout=30) as http:
        repos, page = [], 1
        while True:
            got = http.get(f"/orgs/{ORG}/repos", params={"per_page": 100, "page": page}).json()
            repos += got
            if len(got) < 100:
                break
            page += 1
        for repo in repos:
            page = 1
            while True:
                got = http.get(
                    f"/repos/{repo['full_name']}/pulls",
                    params={
                        "state": "closed",
                        "sort": "updated",
                        "direction": "desc",
                        "per_page": 100,
                        "page": page,
                    },
                ).json()
                for pr in got:
                    if (
                        pr["merged_at"]
                        and START
                        <= datetime.fromisoformat(pr["merged_at"].replace("Z", "+00:00"))
                        < END
                    ):
                        merged += 1
                older = (
                    got
                    and datetime.fromisoformat(got[-1]["updated_at"].replace("Z", "+00:00")) < START
                )
                if len(got) < 100 or older:
                    break
                page += 1
    return fake.requests, merged, time.perf_counter() - started


def draft(cfg, collected) -> str:
    return compose_and_render(cfg, MONTH, collected).markdown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=300)
    parser.add_argument("--pulls", type=int, default=1500)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()

    world = build_world(args.repos, args.pulls)
    cfg = make_config(world)
    budget = math.ceil(args.pulls / 100) + 10
    ok = True
    print(
        f"org: {args.repos} repositories, {args.pulls} PRs merged in {MONTH}, {args.latency * 1000:.0f} ms latency per request"
    )
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeGitHub(world, latency=args.latency, validate_rest=False) as fake,
    ):
        base = Path(tmp)
        collected, requests, _served, ours = thismonth_run(fake, cfg, Store(base / "a.sqlite"))
        pulls = sum(len(a.pulls) for a in collected.activities.values())
        theirs_requests, theirs_pulls, theirs = per_repository_strategy(fake)
        print("\n1. closed month, cold cache")
        print(f"   thismonth:               {requests:5d} requests  {ours:7.2f} s  ({pulls} PRs)")
        print(
            f"   per-repository strategy: {theirs_requests:5d} requests  {theirs:7.2f} s  ({theirs_pulls} PRs)"
        )
        ratio = ours / theirs
        print(
            f"   requests target <= {budget}: {'met' if requests <= budget else 'MISSED'}; "
            f"wall time ratio {ratio:.3f} (target <= 0.100): {'met' if ratio <= 0.1 else 'MISSED'}"
        )
        ok &= requests <= budget and ratio <= 0.1 and pulls == theirs_pulls == args.pulls
        clean = draft(cfg, collected)

        _, again, _, t = thismonth_run(fake, cfg, Store(base / "a.sqlite"))
        print(
            f"\n2. closed month re-run: {again} requests ({t:.3f} s; target 0): {'met' if again == 0 else 'MISSED'}"
        )
        ok &= again == 0

        now = START + timedelta(days=20)
        mid = World(repos={k: _until(v, now) for k, v in world.repos.items()})
        with FakeGitHub(mid, latency=args.latency, validate_rest=False) as live:
            thismonth_run(live, cfg, Store(base / "b.sqlite"), clock=lambda: now)
            rng = random.Random(3)
            for n in range(20):
                repo = mid.repos[rng.choice(sorted(mid.repos))]
                repo.add_pull(
                    Pull(
                        len(repo.pulls) + 1,
                        f"New change {n}",
                        "newcomer",
                        now + timedelta(minutes=n),
                    )
                )
            later = now + timedelta(minutes=30)
            got, current, _, t = thismonth_run(
                live, cfg, Store(base / "b.sqlite"), clock=lambda: later
            )
            new = sum(
                1
                for a in got.activities.values()
                for p in a.pulls
                if p.title.startswith("New change")
            )
        print(
            f"\n3. current month re-run after 20 new PRs: {current} requests ({t:.3f} s; {new} new PRs seen; target <= 3): "
            f"{'met' if current <= 3 and new == 20 else 'MISSED'}"
        )
        ok &= current <= 3 and new == 20

    faults = ("502", "503", "504", "timeout", "reset", "truncated", "secondary")
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeGitHub(
            world,
            latency=args.latency,
            fault_rate=args.fault_rate,
            faults=faults,
            seed=11,
            timeout_delay=2.5,
            retry_after=1,
            validate_rest=False,
        ) as flaky,
    ):
        policy = RetryPolicy(attempts=10, base=0.05, cap=1.0, timeout=2.0)
        got, requests, _, t = thismonth_run(
            flaky, cfg, Store(Path(tmp) / "c.sqlite"), policy=policy
        )
        failed = sum(1 for s in flaky.seen if s.fault)
        same = draft(cfg, got) == clean
        print(
            f"\n4. {args.fault_rate:.0%} of requests failing: {requests} requests ({failed} failed), {t:.2f} s; "
            f"draft byte-identical to the fault-free run: {'yes' if same else 'NO'}"
        )
        ok &= same
    print(f"\nall targets met: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


def _until(repo, now):
    from dataclasses import replace

    return replace(repo, pulls=[p for p in repo.pulls if p.merged_at is None or p.merged_at < now])


if __name__ == "__main__":
    sys.exit(main())
