"""Benchmark: re-draft a 300-item issue that carries 50 human edits (target <= 200 ms).

An issue of 12 projects and 300 merged PRs is generated and written, 50 edits are made
the way editors make them (retitled, deleted, commented out, moved items; prose;
descriptions), 25 PRs are merged, and the issue is re-drafted: compose, render and the
three-way merge, timed separately. Best of several runs; synthetic data, so it needs
nothing from ../shared.

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

from thismonth.compose import build_issue
from thismonth.config import parse_config
from thismonth.draft.merge import merge_draft
from thismonth.markdown.lines import identity
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.render import render_issue

PROJECTS = 12
ITEMS = 300
EDITS = 50
NEW = 25
RUNS = 7
MONTH = Month(2022, 4)
TARGET_MS = 200


def config():
    text = '[newsletter]\nname = "Bench"\nintro = "Welcome to {month_label}."\n'
    for i in range(PROJECTS):
        text += (
            f'\n[[projects]]\nrepo = "org/p{i}"\nmaintainers = ["m{i}"]\n'
            f'description = "Project {i} does useful things."\ndev_branches = ["next"]\n'
        )
    return parse_config(text, Path("/tmp/bench/thismonth.toml"))


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


def render(cfg, prs: list[PullRequest]) -> str:
    acts = {p.repo: RepoActivity(p.repo, "main") for p in cfg.projects}
    for p in prs:
        acts[p.repo].pulls.append(p)
    return render_issue(build_issue(cfg, MONTH, acts), cfg)


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
    cfg = config()
    before = pulls(ITEMS, rng)
    after = before + pulls(ITEMS + NEW, rng)[ITEMS:]
    base = render(cfg, before)
    edited = edit(base, rng)
    items = sum(1 for line in base.splitlines() if identity(line) and "/pull/" in line)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "2022-04.md"
        state.write_text(base)
        gen_ms, merge_ms = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            generated = render(cfg, after)
            t1 = time.perf_counter()
            merged = merge_draft(edited, generated, source="index.md", state_path=state)
            t2 = time.perf_counter()
            gen_ms.append((t1 - t0) * 1000)
            merge_ms.append((t2 - t1) * 1000)
        nostate_ms = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            merge_draft(edited, generated, source="index.md", state_path=Path(tmp) / "none.md")
            nostate_ms.append((time.perf_counter() - t0) * 1000)
    total = [g + m for g, m in zip(gen_ms, merge_ms, strict=True)]
    new_in = sum(1 for p in after[ITEMS:] if p.url + ")" in merged)
    print(
        f"issue: {items} items in {len(base.splitlines())} lines, {EDITS} human edits, {NEW} new PRs"
    )
    print(f"compose+render: best {min(gen_ms):.1f} ms, median {statistics.median(gen_ms):.1f} ms")
    print(
        f"merge:          best {min(merge_ms):.1f} ms, median {statistics.median(merge_ms):.1f} ms"
    )
    print(
        f"re-draft total: best {min(total):.1f} ms, median {statistics.median(total):.1f} ms (target <= {TARGET_MS} ms)"
    )
    print(f"new PRs in the merged issue: {new_in}/{NEW}")
    print(
        f"merge without a state file: best {min(nostate_ms):.1f} ms, "
        f"median {statistics.median(nostate_ms):.1f} ms"
    )
    return 0 if statistics.median(total) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
