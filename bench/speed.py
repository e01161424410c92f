"""How fast drafting one month is, and that it grows with the month, not the history.

1. The 20 rust-osdev repositories (rebuilt from ../shared): drafting one month (git
   source + compose) against replaying, without any parsing, the very git calls it
   made; and against the bare minimum, one first-parent ``git log`` per branch.
2. Synthetic histories of 10k, 100k and 1M commits at the same pace (one commit every 20
   minutes, a third of them merges of a pull request with its ``refs/pull/N/head``, a
   tag every 500 commits), so the drafted month holds the same ~2,200 commits in each:
   the 1M draft should take at most twice the 10k one. They are generated once with
   ``git fast-import`` into bench/.work/synthetic and reused.

Each measurement runs in a fresh child process, which reports its time, its Python
peak (tracemalloc) and its own and its git children's peak RSS.

    .venv/bin/python bench/speed.py [--month 2024-03] [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import EXAMPLE_CONFIG, WORK, git_env, rebuild_repos, shared_dir

SYNTH = WORK / "synthetic"
SYNTH_END = datetime(2024, 7, 1, tzinfo=UTC)
SYNTH_MONTH = "2024-06"
STEP = timedelta(minutes=20)
PEOPLE = [("Ada Lovelace", "ada@example.com"), ("Bo", "77+bo@users.noreply.github.com")] + [
    (f"Dev {i}", f"dev{i}@example.org") for i in range(20)
]


# ------------------------------------------------------------------ synthetic repositories


def _stream(n: int, out) -> None:
    """A fast-import stream of ``n`` commits on main ending at SYNTH_END."""
    start = SYNTH_END - STEP * n
    pr = 0
    mark = 0
    version = 0
    write = out.write
    for i in range(n):
        ts = int((start + STEP * i).timestamp())
        name, email = PEOPLE[i % len(PEOPLE)]
        if i % 3 == 2 and i > 0:
            # A pull request: a commit on refs/pull/N/head, landed by a merge commit or,
            # for every tenth, as a rebased copy (same author, author date and subject).
            pr += 1
            mark += 1
            topic = mark
            msg = f"Change number {pr}\n".encode()
            write(
                f"commit refs/pull/{pr}/head\nmark :{topic}\n"
                f"author {name} <{email}> {ts - 600} +0000\n"
                f"committer {name} <{email}> {ts - 600} +0000\n"
                f"data {len(msg)}\n".encode()
                + msg
                + f"from :{mark - 1}\n".encode()
            )
            mark += 1
            if pr % 10 == 0:
                write(
                    f"commit refs/heads/main\nmark :{mark}\n"
                    f"author {name} <{email}> {ts - 600} +0000\n"
                    f"committer GitHub <noreply@github.com> {ts} +0000\n"
                    f"data {len(msg)}\n".encode()
                    + msg
                    + f"from :{mark - 2}\n".encode()
                )
            else:
                _merge(write, name, email, ts, pr, mark)
        else:
            mark += 1
            pr += 1
            msg = f"Squashed work {pr} (#{pr})\n".encode()
            parent = f"from :{mark - 1}\n".encode() if mark > 1 else b""
            write(
                f"commit refs/heads/main\nmark :{mark}\n"
                f"author {name} <{email}> {ts} +0000\n"
                f"committer {name} <{email}> {ts} +0000\n"
                f"data {len(msg)}\n".encode()
                + msg
                + parent
            )
        if i % 500 == 499:
            version += 1
            write(f"reset refs/tags/v0.{version}.0\nfrom :{mark}\n\n".encode())


def _merge(write, name: str, email: str, ts: int, pr: int, mark: int) -> None:
    login = email.split("@")[0].split("+")[-1]
    body = f"Merge pull request #{pr} from {login}/topic-{pr}\n\nChange number {pr}\n".encode()
    write(
        f"commit refs/heads/main\nmark :{mark}\n"
        f"author {name} <{email}> {ts} +0000\n"
        f"committer GitHub <noreply@github.com> {ts} +0000\n"
        f"data {len(body)}\n".encode()
        + body
        + f"from :{mark - 2}\nmerge :{mark - 1}\n".encode()
    )


def synthetic_repo(n: int) -> Path:
    path = SYNTH / f"synth-{n}.git"
    marker = path / ".done"
    if marker.exists():
        return path
    print(f"generating a synthetic history of {n:,} commits in {path}", file=sys.stderr)
    subprocess.run(["rm", "-rf", str(path)], check=True)
    env = git_env()
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True, env=env)
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["git", "-C", str(path), "fast-import", "--quiet", "--active-branches=2"],
        stdin=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    _stream(n, proc.stdin)
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit(f"git fast-import failed for {path}")
    subprocess.run(["git", "-C", str(path), "symbolic-ref", "HEAD", "refs/heads/main"], env=env)
    subprocess.run(["git", "-C", str(path), "pack-refs", "--all"], check=True, env=env)
    print(f"  done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    marker.touch()
    return path


# ------------------------------------------------------------------ measuring (child side)


def _memory() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": own, "git_rss_mb": children}


def measure_real(month: str, repeat: int) -> dict:
    from thismonth.compose import build_issue
    from thismonth.config import load_config
    from thismonth.months import Month
    from thismonth.sources import git_run
    from thismonth.sources.git import GitSource

    repos = rebuild_repos(verbose=False)
    config = load_config(EXAMPLE_CONFIG)
    m = Month.parse(month)
    source = GitSource(next(iter(repos.values())).parent)

    def draft() -> None:
        collected = source.collect_month(config.projects, m, config.tz())
        build_issue(config, m, collected.activities)

    draft()  # warm the OS caches
    best = float("inf")
    calls: list = []
    for _ in range(repeat):
        git_run.TRACE = []
        started = time.perf_counter()
        draft()
        best = min(best, time.perf_counter() - started)
        calls = git_run.TRACE
    git_run.TRACE = None
    tracemalloc.start()  # a separate pass: tracing slows Python down
    draft()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    env = git_env()

    def replay() -> float:
        started = time.perf_counter()
        for cmd, stdin, _ in calls:
            subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
        return time.perf_counter() - started

    replay_best = min(replay() for _ in range(repeat))

    # The bare minimum: one first-parent log of the month per configured branch.
    start, end = m.window(config.tz())
    minimal_cmds = []
    for project in config.projects:
        path = repos[project.clone]
        refs = git_run.open_repo(path, project.repo)
        branches = [refs.head or "HEAD"] + [
            ref.name for b in project.dev_branches if (ref := refs.branch(b))
        ]
        for ref in branches:
            minimal_cmds.append(
                [
                    "git", "-C", str(path), "log", "--first-parent",
                    f"--since={int(start.timestamp())}", f"--until={int(end.timestamp())}",
                    "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B", ref, "--",
                ]
            )  # fmt: skip

    def minimal() -> float:
        started = time.perf_counter()
        for cmd in minimal_cmds:
            subprocess.run(cmd, capture_output=True, text=True, env=env)
        return time.perf_counter() - started

    minimal_best = min(minimal() for _ in range(repeat))
    return {
        "draft_s": best,
        "git_calls": len(calls),
        "replay_s": replay_best,
        "minimal_calls": len(minimal_cmds),
        "minimal_s": minimal_best,
        "py_peak_mb": peak,
        **_memory(),
    }


def measure_synthetic(path: str, repeat: int) -> dict:
    from thismonth.compose import build_issue
    from thismonth.config import ProjectConfig, default_config
    from thismonth.months import Month
    from thismonth.sources.git import GitSource

    project = ProjectConfig(repo="synth/big", name="big", clone=Path(path).name)
    config = default_config()
    config.projects.append(project)
    m = Month.parse(SYNTH_MONTH)
    source = GitSource(Path(path).parent)
    best = float("inf")
    pulls = 0
    for _ in range(repeat):
        started = time.perf_counter()
        collected = source.collect_month([project], m, UTC)
        build_issue(config, m, collected.activities)
        best = min(best, time.perf_counter() - started)
        pulls = len(collected.activities[project.repo].pulls)
    tracemalloc.start()  # a separate pass: tracing slows Python down
    collected = source.collect_month([project], m, UTC)
    build_issue(config, m, collected.activities)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"draft_s": best, "pulls": pulls, "py_peak_mb": peak, **_memory()}


# ------------------------------------------------------------------ driver


def _child(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    if proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)
    return json.loads(proc.stdout)


def _report_real(month: str, repeat: int) -> None:
    rebuild_repos(verbose=True)
    r = _child("--child-real", month, "--repeat", str(repeat))
    print(f"20 rust-osdev repositories, month {month} (best of {repeat})")
    print(f"  draft (git source + compose)     {r['draft_s'] * 1000:8.1f} ms")
    print(
        f"  replay of its {r['git_calls']} git calls      {r['replay_s'] * 1000:8.1f} ms"
        f"   ratio {r['draft_s'] / r['replay_s']:.2f}x (target <= 1.5x)"
    )
    print(
        f"  minimal: {r['minimal_calls']} first-parent git logs {r['minimal_s'] * 1000:8.1f} ms"
        f"   ratio {r['draft_s'] / r['minimal_s']:.2f}x"
    )
    print(
        f"  peak memory: python {r['py_peak_mb']:.1f} MB traced, {r['rss_mb']:.0f} MB RSS;"
        f" largest git child {r['git_rss_mb']:.0f} MB RSS"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--month", default="2024-03")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child-real", help=argparse.SUPPRESS)
    parser.add_argument("--child-synthetic", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_real:
        print(json.dumps(measure_real(args.child_real, args.repeat)))
        return
    if args.child_synthetic:
        print(json.dumps(measure_synthetic(args.child_synthetic, args.repeat)))
        return

    if shared_dir() is None:
        print("real repositories skipped: ../shared not found (set THISMONTH_SHARED)")
    else:
        _report_real(args.month, args.repeat)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not sizes:
        return
    SYNTH.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        path = synthetic_repo(n)
        rows.append((n, _child("--child-synthetic", str(path), "--repeat", str(args.repeat))))
    base = rows[0][1]["draft_s"]
    print(f"synthetic histories, month {SYNTH_MONTH} (~2,200 commits in it; best of {args.repeat})")
    print(
        f"  {'commits':>10} {'PRs':>6} {'draft':>10} {'vs first':>9} {'py peak':>9} {'RSS':>7} {'git RSS':>8}"
    )
    for n, row in rows:
        print(
            f"  {n:>10,} {row['pulls']:>6} {row['draft_s'] * 1000:>8.1f}ms"
            f" {row['draft_s'] / base:>8.2f}x {row['py_peak_mb']:>7.1f}MB"
            f" {row['rss_mb']:>5.0f}MB {row['git_rss_mb']:>6.0f}MB"
        )
    print(f"  target: {sizes[-1]:,} commits <= 2x the {sizes[0]:,} time")


if __name__ == "__main__":
    main()
