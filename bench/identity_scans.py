"""Benchmark: the shared identity scan gives each month exactly its own scan's commits.

For every month of the published archive as the draft month, the git source plans that
month and the twelve before it (what learning collects) and reads each clone's identity
history once (git_history.SharedHistory); every month's records are then compared with
the month's own bounded ``git log`` (the scan made before sharing). Prints mismatches (there
must be none), how many months the shared scan answered, and git's time both ways. It
then checks the shared tag walks (git_walks.SharedWalks.reach) against ``rev-list
--since`` for the newest tags of each clone and the months of the last draft month.

    .venv/bin/python bench/identity_scans.py [--repos DIR] [DRAFT_MONTH ...]

``--repos`` defaults to the clones rebuilt from ../shared (bench/.work/repos).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from thismonth.months import Month
from thismonth.sources.git_history import Record, SharedHistory, scan, window_for
from thismonth.sources.git_log import SLACK, rev_list_since
from thismonth.sources.git_run import open_repo
from thismonth.sources.git_walks import SharedWalks

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import data_dir, rebuild_repos

BEFORE = 12  # months learning collects before the draft's


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repos", type=Path, help="a folder of clones (default: rebuilt)")
    parser.add_argument("months", nargs="*", help="draft months (default: the archive's)")
    args = parser.parse_args(argv)
    if args.repos:
        clones = sorted(
            p for p in args.repos.iterdir() if (p / "HEAD").exists() or (p / ".git").exists()
        )
    else:
        clones = sorted(rebuild_repos(verbose=False).values())
    if args.months:
        drafts = [Month.parse(m) for m in args.months]
    else:
        published = data_dir() / "published"
        drafts = sorted(Month.parse(p.stem) for p in published.glob("????-??.md"))
    own: dict[tuple[Path, Month], list[Record]] = {}
    own_seconds = shared_seconds = 0.0
    own_scans = shared_months = checked = 0
    mismatches: list[str] = []
    for draft in drafts:
        months = [draft]
        for _ in range(BEFORE):
            months.insert(0, months[0].previous())
        shared = SharedHistory()
        shared.plan(m.window(UTC)[1] for m in months)
        for clone in clones:
            started = time.perf_counter()
            answers = {m: shared.records(clone, m.window(UTC)[1]) for m in months}
            shared_seconds += time.perf_counter() - started
            for m in months:
                if (clone, m) not in own:
                    started = time.perf_counter()
                    own[clone, m] = [r for _, r in scan(clone, window_for(m.window(UTC)[1]))[0]]
                    own_seconds += time.perf_counter() - started
                    own_scans += 1
                got = answers[m]
                checked += 1
                if got is None:
                    continue  # the source would make the month's own scan: equal by definition
                shared_months += 1
                if got != own[clone, m]:
                    mismatches.append(f"{clone.name} {m} (draft {draft})")
    per_own = own_seconds / max(own_scans, 1)
    print(f"{len(drafts)} draft months x {len(clones)} clones: {checked} month scans checked")
    print(f"answered by the shared scan: {shared_months} ({100 * shared_months / checked:.0f}%)")
    print(f"mismatches: {len(mismatches)}")
    for line in mismatches[:20]:
        print(f"  {line}")
    print(
        f"git time per draft: shared {1000 * shared_seconds / len(drafts):.0f} ms, "
        f"13 own scans per clone {1000 * per_own * len(clones) * (BEFORE + 1):.0f} ms"
    )
    bad = check_tag_walks(clones, drafts[-1])
    return 1 if mismatches or bad else 0


def check_tag_walks(clones: list[Path], draft: Month, tags: int = 5) -> int:
    """Mismatches between the shared tag walks and ``rev-list --since``, printed."""
    months = [draft]
    for _ in range(BEFORE):
        months.insert(0, months[0].previous())
    sinces = [m.window(UTC)[0] - SLACK for m in months]
    checked = bad = 0
    for clone in clones:
        walks = SharedWalks()
        walks.plan(min(sinces))
        refs = open_repo(clone, clone.name)
        newest = sorted(
            refs.tags.values(), key=lambda r: r.date or datetime.min.replace(tzinfo=UTC)
        )
        for ref in newest[-tags:]:
            for since in sinces:
                checked += 1
                if walks.reach(clone, ref.sha, since) != rev_list_since(clone, ref.sha, since):
                    bad += 1
                    print(f"  tag walk differs: {clone.name} {ref.name} since {since:%Y-%m-%d}")
    print(f"tag walks checked: {checked}, mismatches: {bad}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
