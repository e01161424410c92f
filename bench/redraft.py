"""Benchmark: re-draft a 300-item issue that carries 50 human edits (target <= 200 ms).

An issue of 12 projects and 300 merged PRs is drafted, 50 edits are made the way editors
make them (retitled, deleted, commented out, moved items; prose; descriptions), 25 PRs
are merged, and the issue is re-drafted with ``app.draft.draft_month``, the function the
CLI runs (collect, compose, render, sections, three-way merge, draft and state written).
Best of several runs; synthetic data, so it needs nothing from ../shared.

    .venv/bin/python bench/redraft.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from thismonth.app.draft import DraftOptions, draft_month
from thismonth.config import parse_config
from thismonth.draft.state import state_path
from thismonth.markdown.lines import identity
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.sources.memory import MemorySource

PROJECTS = 12
ITEMS = 300
EDITS = 50
NEW = 25
RUNS = 7
MONTH = Month(2022, 4)
TARGET_MS = 200


def config(folder: Path):
    text = '[newsletter]\nname = "Bench"\nintro = "Welcome to {month_label}."\n'
    for i in range(PROJECTS):
        text += (
            f'\n[[projects]]\nrepo = "org/p{i}"\nmaintainers = ["m{i}"]\n'
            f'description = "Project {i} does useful things."\ndev_branches = ["next"]\n'
        )
    return parse_config(text, folder / "thismonth.toml")


def pulls(n: int, rng: random.Random) -> list[PullRequest]:
    out = []
    for k in range(1, n + 1):
        repo = f"org/p{rng.randrange(PROJECTS)}"
        bot = rng.random() < 0.15
        out.append(
            PullRequest(
                repo=repo,
                number=k,
                title=f"Bump dep{k} from 1.0 to 1.1" if bot else f"Improve the thing number {k}",
                url=f"https://github.com/{repo}/pull/{k}",
                author=Person(
                    "dependabot[bot]" if bot else f"u{k % 40}",
                    "dependabot[bot]" if bot else f"u{k % 40}",
                ),
                merged_at=datetime(2022, 4, 1 + k % 28, k % 24, tzinfo=UTC),
                base_branch="next" if rng.random() < 0.1 else "main",
            )
        )
    return out


def source(cfg, prs: list[PullRequest]) -> MemorySource:
    acts = {p.repo: RepoActivity(p.repo, "main") for p in cfg.projects}
    for p in prs:
        acts[p.repo].pulls.append(p)
    return MemorySource(acts)


def edit(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    start = lines.index("+++", 1) + 1
    for n in range(EDITS):
        items = [i for i, line in enumerate(lines) if identity(line) and line.startswith("- [")]
        i = rng.choice(items)
        kind = n % 5
        if kind == 0:
            lines[i] = lines[i].replace("Improve the thing", "Editor's better title for")
        elif kind == 1:
            del lines[i]
        elif kind == 2:
            lines[i] = f"<!-- {lines[i]} -->"
        elif kind == 3:
            line = lines.pop(i)
            lines.insert(max(start, i - rng.randrange(1, 4)), line)
        else:
            lines.insert(i, f"A sentence the editor wrote by hand, number {n}.")
    return "\n".join(lines) + "\n"


def main() -> int:
    rng = random.Random(4)
    before = pulls(ITEMS, rng)
    after = before + pulls(ITEMS + NEW, rng)[ITEMS:]
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config(Path(tmp))
        first = draft_month(cfg, DraftOptions(MONTH, source=source(cfg, before)))
        assert first.path is not None
        base = first.path.read_text()
        state = state_path(cfg, MONTH)
        saved_state = state.read_text()
        edited = edit(base, rng)
        items = sum(1 for line in base.splitlines() if identity(line) and "/pull/" in line)
        newer = source(cfg, after)
        total_ms, nostate_ms = [], []
        for runs, keep_state in ((total_ms, True), (nostate_ms, False)):
            for _ in range(RUNS):
                first.path.write_text(edited)
                if keep_state:
                    state.write_text(saved_state)
                else:
                    state.unlink(missing_ok=True)
                t0 = time.perf_counter()
                result = draft_month(cfg, DraftOptions(MONTH, source=newer))
                runs.append((time.perf_counter() - t0) * 1000)
                if keep_state:
                    merged = result.text
    new_in = sum(1 for p in after[ITEMS:] if p.url + ")" in merged)
    print(
        f"issue: {items} items in {len(base.splitlines())} lines, {EDITS} human edits, {NEW} new PRs"
    )
    print(
        f"re-draft (draft_month: compose, render, merge, write): best {min(total_ms):.1f} ms, "
        f"median {statistics.median(total_ms):.1f} ms (target <= {TARGET_MS} ms)"
    )
    print(f"new PRs in the merged issue: {new_in}/{NEW}")
    print(
        f"re-draft without a state file: best {min(nostate_ms):.1f} ms, "
        f"median {statistics.median(nostate_ms):.1f} ms"
    )
    return 0 if statistics.median(total_ms) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
