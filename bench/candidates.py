"""Candidates benchmark. ``--rank``: how well the ranking finds the editors' real picks.

For each month M of 2022-12..2024-06 the pool is every rust-lang/rust pull request linked
by the This Week in Rust issues dated in M or in the first 10 days of M+1 (read from an RSS
2.0 feed built from ``shared/data/twir`` and served on 127.0.0.1). The model of M learns
only from the published issues before M (``shared/data/rust-osdev/published``); the
parser's ``truth/M.json`` is read only to score month M. Printed per month and overall:
pool size, picks in the pool, recall@10 and @20 of the model and of the word-count
baseline, side by side.

Tuning happened on 2022-12..2023-06 only; 2023-07..2024-06 is reported apart as held-out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _alternatives import ALTERNATIVES
from _shared import shared_dir
from _twir import fetch_entries, load_issues, rss, serve
from thismonth.compose.rank import MonthHistory, Ranker, history, train, word_count_baseline
from thismonth.markdown.frontmatter import split
from thismonth.markdown.lines import normalize_url
from thismonth.sources.digest import DigestEntry, DigestLink, extract_all

SECTION = "infrastructure-and-tooling"
PATTERN = r"^https?://(www\.)?github\.com/rust-lang/rust/pull/\d+"
# What an OS-dev editor would write in the section's config: the issue's own examples
# (no_std, targets, inline assembly, core/alloc, linkers) and the usual OS-dev vocabulary.
# Chosen from domain knowledge, not from the picks.
KEYWORDS = (
    "no_std",
    "target",
    "asm",
    "inline assembly",
    "core",
    "alloc",
    "linker",
    "link",
    "uefi",
    "kernel",
    "bare metal",
    "embedded",
    "panic",
    "abi",
    "riscv",
    "aarch64",
    "arm",
    "x86",
    "x86_64",
    "interrupt",
    "naked",
    "build-std",
    "compiler_builtins",
    "sanitizer",
)
EVAL = ("2022-12", "2024-06")
TUNE = ("2022-12", "2023-06")
HELD_OUT = ("2023-07", "2024-06")
TARGET = ("2023-01", "2024-06")


def months(first: str, last: str) -> list[str]:
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def next_month(month: str) -> str:
    y, m = map(int, month.split("-"))
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def pools(entries: list[DigestEntry]) -> tuple[dict[str, list[DigestLink]], list[str]]:
    """Month -> the pull requests of the TWiR issues dated in it or in the next 10 days."""
    by_month: dict[str, list[DigestEntry]] = defaultdict(list)
    for e in entries:
        if e.published is None:
            continue
        by_month[f"{e.published:%Y-%m}"].append(e)
        if e.published.day <= 10:
            before = e.published - timedelta(days=e.published.day)
            by_month[f"{before:%Y-%m}"].append(e)
    out, warnings = {}, []
    for month, group in sorted(by_month.items()):
        result = extract_all(sorted(group, key=lambda e: e.published), PATTERN)
        out[month] = result.links
        warnings.extend(result.warnings)
    return out, warnings


def published_bodies(data: Path) -> dict[str, str]:
    """Month -> the published issue's Markdown body: the only source of learning."""
    return {
        path.stem: split(path.read_text(encoding="utf-8"), str(path)).body
        for path in sorted((data / "published").glob("*.md"))
    }


def truth_picks(data: Path, month: str) -> set[str]:
    """Scoring only: the rust-lang/rust PRs the parser found in the month's section."""
    path = data / "truth" / f"{month}.json"
    if not path.exists():
        return set()
    urls = set()
    for s in json.loads(path.read_text(encoding="utf-8"))["sections"]:
        if s["section"] != SECTION:
            continue
        found = [s.get("heading_url")] + [i.get("url") for i in s["items"]]
        found += [m.get("url") for m in s.get("mentions", [])]
        urls.update(normalize_url(u) for u in found if u and "rust-lang/rust/pull/" in u)
    return urls


def recall(ranker: Ranker, pool: list[DigestLink], picks: set[str]) -> tuple[int, int]:
    order = [s.item.key for s in ranker.rank(pool).scored]
    return len(picks & set(order[:10])), len(picks & set(order[:20]))


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def run_rank(args: argparse.Namespace) -> None:
    shared = shared_dir()
    if shared is None or not (shared / "data" / "twir").is_dir():
        print("benchmark skipped: ../shared/data/twir not found", file=sys.stderr)
        return
    data = shared / "data" / "rust-osdev"
    t0 = time.perf_counter()
    issues = load_issues(shared / "data" / "twir" / "content")
    with serve(rss(issues)) as url:
        entries = fetch_entries(url)
    t1 = time.perf_counter()
    pool_of, warnings = pools(entries)
    t2 = time.perf_counter()
    past = history(published_bodies(data), SECTION, pool_of)
    print(
        f"feed: {len(entries)} TWiR entries served and parsed in {t1 - t0:.1f}s; "
        f"{sum(len(p) for p in pool_of.values())} month-pool links extracted in {t2 - t1:.2f}s; "
        f"{len(warnings)} extraction warnings"
    )
    for w in warnings[: args.show_warnings]:
        print(f"  warning: {w}")
    params = {"half_life": args.half_life, "l2": args.l2, "keyword_prior": args.keyword_prior}
    print(f"model: logistic regression {params}; {len(KEYWORDS)} configured words")
    print(
        f"{'month':8} {'pool':>5} {'picks':>5} {'in':>3} | {'model@10':>8} {'@20':>6} | {'base@10':>8} {'@20':>6} | top reasons of the best-ranked pick"
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    fit_time = 0.0
    for month in months(*EVAL):
        pool = pool_of.get(month, [])
        truth = truth_picks(data, month)
        inside = truth & {c.key for c in pool}
        t = time.perf_counter()
        model = train(past, month, KEYWORDS, **params)
        fit_time += time.perf_counter() - t
        base = word_count_baseline(past, month)
        m10, m20 = recall(model, pool, inside)
        b10, b20 = recall(base, pool, inside)
        ranked = model.rank(pool).scored
        best = next((s for s in ranked if s.item.key in inside), None)
        why = ", ".join(f.describe() for f in best.reasons) if best else ""
        print(
            f"{month:8} {len(pool):5} {len(truth):5} {len(inside):3} | "
            f"{pct(m10, len(inside)):>8} {pct(m20, len(inside)):>6} | "
            f"{pct(b10, len(inside)):>8} {pct(b20, len(inside)):>6} | {why}"
        )
        for name, (lo, hi) in (("tune", TUNE), ("held-out", HELD_OUT), ("target", TARGET)):
            if lo <= month <= hi:
                acc = totals[name]
                for i, v in enumerate((len(truth), len(inside), m10, m20, b10, b20, len(pool))):
                    acc[i] += v
    print()
    print(
        f"{'range':26} {'picks':>5} {'in pool':>7} | {'model@10':>8} {'@20':>6} | {'base@10':>8} {'@20':>6}"
    )
    for name, (lo, hi) in (("tune", TUNE), ("held-out", HELD_OUT), ("target", TARGET)):
        n, k, m10, m20, b10, b20, _ = totals[name]
        print(
            f"{name + ' ' + lo + '..' + hi:26} {n:5} {pct(k, n):>7} | "
            f"{pct(m10, k):>8} {pct(m20, k):>6} | {pct(b10, k):>8} {pct(b20, k):>6}"
        )
    n_months = len(months(*EVAL))
    print(f"training: {1000 * fit_time / n_months:.0f} ms per month on average")
    if args.compare:
        compare(past, pool_of, data)


def compare(past: list[MonthHistory], pool_of: dict[str, list[DigestLink]], data: Path) -> None:
    """The models that were tried, on the same pools: pooled recall per range."""
    print()
    print(f"{'model (recall@10 / @20)':26} {'tune':>13} {'held-out':>13} {'target':>13}")
    for name, make in ALTERNATIVES.items():
        acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for month in months(*EVAL):
            pool = pool_of.get(month, [])
            inside = truth_picks(data, month) & {c.key for c in pool}
            r10, r20 = recall(make(past, month, KEYWORDS), pool, inside)
            for rng, (lo, hi) in (("tune", TUNE), ("held-out", HELD_OUT), ("target", TARGET)):
                if lo <= month <= hi:
                    a = acc[rng]
                    a[0], a[1], a[2] = a[0] + len(inside), a[1] + r10, a[2] + r20
        cells = [
            f"{pct(acc[r][1], acc[r][0]).strip()}/{pct(acc[r][2], acc[r][0]).strip()}"
            for r in ("tune", "held-out", "target")
        ]
        print(f"{name:26} {cells[0]:>13} {cells[1]:>13} {cells[2]:>13}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rank", action="store_true", help="measure the ranking on real picks")
    parser.add_argument("--half-life", type=float, default=12.0)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--keyword-prior", type=float, default=1.5)
    parser.add_argument("--compare", action="store_true", help="also run the models tried")
    parser.add_argument("--show-warnings", type=int, default=3)
    args = parser.parse_args(argv)
    if args.rank:
        run_rank(args)
        return 0
    print("run with --rank (the feed-fetching benchmark comes with the candidates sources)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
