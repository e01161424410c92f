"""Benchmark: drafting with candidates from many feeds and saved searches, cold and warm.

    .venv/bin/python bench/candidates.py [--feeds 50] [--entries 200] [--searches 5] [--runs 9]
    .venv/bin/python bench/candidates.py --rank     # issue 12's ranking evaluation

Default mode. Everything is served on 127.0.0.1: FEEDS feeds of ENTRIES entries each
(Atom and RSS 2.0 alternately, entries spread over three months, a quarter of them in the
drafted month) by tests/feedserver.py, and a fake GitHub (tests/fake_github) with an
organization and a repository the saved searches look into. The draft is
``app.draft.draft_month``, what ``thismonth draft`` runs. Figures printed:

1. the first draft with candidates (empty feed memory, GitHub month cached): wall time,
   feed requests, GitHub requests;
2. in-process, RUNS times each, alternated: a draft without candidates (the same config
   minus ``[[sections]]``) and a re-draft with candidates where nothing changed; the
   medians, their ratio, and the median time of reading the feeds alone (``thismonth
   watch``'s work: the conditional requests);
3. the same as a user runs them, ``thismonth draft`` in a subprocess (interpreter
   start-up and imports included), alternated, medians and ratio;
4. the warm requests: feed requests, how many were conditional (If-None-Match /
   If-Modified-Since) and how many full downloads, GitHub requests.

Alternating and taking medians keeps the figure steady on a shared machine: a busy
moment falls on both sides of a pair. The subprocesses keep compiled modules (as an
installed thismonth does) even when the shell sets PYTHONDONTWRITEBYTECODE.

Targets: warm feed requests all conditional (304), no GitHub request, and a warm draft
with candidates <= 1.2 x the draft without candidates. In-process, the draft without
candidates makes no request at all (its GitHub month is cached), so FEEDS conditional
round trips alone exceed 1.2 x of it; the CLI figure is the one a user waits for.

``--rank`` (issue 12): how well the ranking finds the editors' real picks.

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
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the feed helpers

from _alternatives import ALTERNATIVES
from _shared import shared_dir
from _twir import load_issues, rss
from digest_feed import fetch, served
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
    with served(rss(issues)) as url:  # the tests' feed server, read as a user's run reads it
        entries = fetch(url)
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


ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from rich.console import Console  # noqa: E402

from fake_github import FakeGitHub, Pull, World  # noqa: E402
from fake_github.server import TOKEN  # noqa: E402
from feedserver import FeedServer, Item, Route, atom, feed_server  # noqa: E402
from feedserver import rss as feed_rss  # noqa: E402
from thismonth.app.candidates import watch, with_hand_written  # noqa: E402
from thismonth.app.draft import DraftOptions, draft_month  # noqa: E402
from thismonth.config import load_config  # noqa: E402
from thismonth.months import Month  # noqa: E402
from thismonth.sources.github import GitHubSource, RetryPolicy  # noqa: E402
from thismonth.store import Store  # noqa: E402

# ------------------------------------------------------------ default: drafts with feeds

MONTH = Month(2024, 6)
START = datetime(2024, 6, 1, tzinfo=UTC)
FAST = RetryPolicy(attempts=3, connect_attempts=2, base=0.01, cap=0.05, timeout=10)


def world() -> World:
    w = World()
    org = w.repo("bench/kernel")
    for n in range(1, 41):
        org.add_pull(Pull(n, f"Kernel change {n}", f"dev{n % 7}", START + timedelta(hours=17 * n)))
    rust = w.repo("rust-lang/rust")
    labels = ["O-UEFI", "O-x86", "T-compiler", "A-inline-assembly", "O-none"]
    for n in range(1, 301):
        rust.add_pull(
            Pull(
                10_000 + n,
                f"{'uefi target' if n % 3 else 'no_std'} change {n}",
                f"r{n % 50}",
                START - timedelta(days=20) + timedelta(hours=5 * n),
                labels=[labels[n % len(labels)]],
                body=f"This pull request changes thing {n}. Details follow.",
            )
        )
    return w


def serve_feeds(server: FeedServer, feeds: int, entries: int) -> list[str]:
    urls = []
    for f in range(feeds):
        items = [
            Item(
                f"Post {e} of blog {f}: {'UEFI' if e % 5 == 0 else 'kernel'} notes",
                f"https://blog{f}.example/posts/{e}/",
                START - timedelta(days=45) + timedelta(hours=(e * 97 + f * 13) % (24 * 70)),
                f"<p>Entry {e} of blog {f}, about scheduling and memory. More text follows.</p>",
                f"blog{f}-{e}",
            )
            for e in range(entries)
        ]
        body = atom(items, title=f"Blog {f}") if f % 2 else feed_rss(items, title=f"Blog {f}")
        urls.append(server.serve(f"/feed{f}.xml", Route(body)))
    return urls


def config_text(urls: list[str], searches: int, with_sections: bool) -> str:
    text = '[newsletter]\nname = "Bench"\norganization = "bench"\n\n[[projects]]\nrepo = "bench/kernel"\n'
    if not with_sections:
        return text
    feeds = ", ".join(f'{{ url = "{u}", name = "blog {i}" }}' for i, u in enumerate(urls))
    labels = ["O-UEFI", "O-x86", "T-compiler", "A-inline-assembly", "O-none"]
    queries = ", ".join(
        f'"repo:rust-lang/rust is:pr label:{labels[i % len(labels)]}"' for i in range(searches)
    )
    return text + (
        '\n[[sections]]\nid = "news"\nheading = "Announcements, News, and Blog Posts"\n'
        f'cap = 30\nwords = ["uefi"]\nfeeds = [{feeds}]\n'
        '\n[[sections]]\nid = "tooling"\nheading = "Infrastructure and Tooling"\n'
        f"cap = 30\nsearches = [{queries}]\n"
    )


def draft(folder: Path, fake: FakeGitHub, quiet: Console) -> tuple[float, int]:
    """One draft to stdout; (seconds, GitHub requests)."""
    config = load_config(folder / "thismonth.toml")
    store = Store.for_config(config)
    src = GitHubSource(
        config,
        token=TOKEN,
        api_url=fake.url,
        store=store,
        policy=FAST,
        console=quiet,
        clock=lambda: datetime(2024, 7, 20, tzinfo=UTC),
    )
    started = time.perf_counter()
    options = DraftOptions(
        MONTH,
        source=src,
        to_stdout=True,
        hand_written=with_hand_written if config.sections else None,
    )
    result = draft_month(config, options)
    took = time.perf_counter() - started
    assert "## Project Updates" in result.text
    store.close()
    return took, src.requests


def read_feeds(folder: Path) -> float:
    """Only the feeds' conditional requests (``thismonth watch``'s work); seconds."""
    config = load_config(folder / "thismonth.toml")
    store = Store.for_config(config)
    started = time.perf_counter()
    readings = watch(config, store)
    took = time.perf_counter() - started
    assert all(r.status == "unchanged" for r in readings)
    store.close()
    return took


def cli_env(tmp: Path) -> dict[str, str]:
    """The environment of ``thismonth draft`` runs: the token, and compiled modules kept
    (in a folder of the run): an installed thismonth has its bytecode, and a shell with
    PYTHONDONTWRITEBYTECODE set would charge recompiling every module to every run."""
    env = {**os.environ, "GITHUB_TOKEN": TOKEN, "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli_draft(folder: Path, fake: FakeGitHub, env: dict[str, str]) -> float:
    """``thismonth draft`` as a user runs it; seconds."""
    exe = Path(sys.executable).parent / "thismonth"
    cmd = [str(exe), "draft", str(MONTH), "--source", "github", "--api-url", fake.url, "-o", "-"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if proc.returncode != 0 or "## Project Updates" not in proc.stdout:
        raise SystemExit(f"thismonth draft failed: {proc.stderr.strip()[-500:]}")
    return took


def paired(runs: int, plain: Callable[[], float], warm: Callable[[], float]) -> Figures:
    """Median times of ``runs`` runs of each, alternated so that a busy moment of a
    shared machine falls on both sides, and the ratio of the medians."""
    pairs = [(plain(), warm()) for _ in range(runs)]
    mid_plain = statistics.median(p for p, _w in pairs)
    mid_warm = statistics.median(w for _p, w in pairs)
    return Figures(mid_plain, mid_warm, mid_warm / mid_plain)


@dataclass
class Figures:
    plain: float
    warm: float
    ratio: float


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def default_mode(args: argparse.Namespace) -> int:
    quiet = Console(file=io.StringIO(), stderr=False)
    with feed_server() as server, FakeGitHub(world()) as fake, tempfile.TemporaryDirectory() as tmp:
        plain_dir, cand_dir = Path(tmp) / "plain", Path(tmp) / "candidates"
        urls = serve_feeds(server, args.feeds, args.entries)
        for folder, sections in ((plain_dir, False), (cand_dir, True)):
            folder.mkdir()
            (folder / "thismonth.toml").write_text(config_text(urls, args.searches, sections))
        print(
            f"{args.feeds} feeds x {args.entries} entries, {args.searches} saved searches, "
            f"drafting {MONTH} (all on 127.0.0.1); medians of {args.runs} runs"
        )
        # The GitHub month of both folders is fetched once first: every figure below is
        # a re-draft, with candidates or without.
        draft(plain_dir, fake, quiet)
        with_sections = (cand_dir / "thismonth.toml").read_text()
        (cand_dir / "thismonth.toml").write_text((plain_dir / "thismonth.toml").read_text())
        draft(cand_dir, fake, quiet)
        (cand_dir / "thismonth.toml").write_text(with_sections)
        server.reset_counts()
        cold, gh_cold = draft(cand_dir, fake, quiet)
        feed_cold = len(server.requests)
        print(
            f"first draft with candidates (in-process): {ms(cold)}, {feed_cold} feed requests "
            f"({sum(c for _p, c in server.requests)} conditional), {gh_cold} GitHub requests"
        )
        server.reset_counts()
        gh_warm: list[int] = []

        def warm() -> float:
            took, gh = draft(cand_dir, fake, quiet)
            gh_warm.append(gh)
            return took

        inproc = paired(args.runs, lambda: draft(plain_dir, fake, quiet)[0], warm)
        feed_warm = len(server.requests)
        conditional = sum(c for _p, c in server.requests)
        server.reset_counts()
        reading = statistics.median(read_feeds(cand_dir) for _ in range(args.runs))
        server.reset_counts()
        print(
            f"in-process: without candidates {ms(inproc.plain)}, re-draft with candidates "
            f"(nothing changed) {ms(inproc.warm)}, of which reading the {args.feeds} feeds "
            f"{ms(reading)}: {inproc.ratio:.2f}x"
        )
        # The same as a user runs them: `thismonth draft` in a subprocess.
        env = cli_env(Path(tmp))
        cli_cold_dir = Path(tmp) / "cli-cold"
        cli_cold_dir.mkdir()
        (cli_cold_dir / "thismonth.toml").write_text(config_text(urls, args.searches, True))
        cli_draft(plain_dir, fake, env)  # compiles the modules once, as an install does
        cli_cold = cli_draft(cli_cold_dir, fake, env)
        server.reset_counts()
        cli = paired(
            args.runs,
            lambda: cli_draft(plain_dir, fake, env),
            lambda: cli_draft(cand_dir, fake, env),
        )
        cli_requests = len(server.requests)
        cli_conditional = sum(c for _p, c in server.requests)
        print(
            f"thismonth draft (CLI): without candidates {ms(cli.plain)}, first with candidates "
            f"{ms(cli_cold)}, re-draft with candidates (nothing changed) {ms(cli.warm)}: "
            f"{cli.ratio:.2f}x"
        )
        print(
            f"re-draft with candidates, nothing changed: {feed_warm + cli_requests} feed "
            f"requests, {conditional + cli_conditional} conditional, "
            f"{feed_warm + cli_requests - conditional - cli_conditional} full; "
            f"GitHub requests {max(gh_warm, default=0)}"
        )
        print(
            f"warm with candidates / without: CLI {cli.ratio:.2f}x, in-process "
            f"{inproc.ratio:.2f}x (target <= 1.2x); warm requests conditional: "
            f"{conditional + cli_conditional}/{feed_warm + cli_requests} (target all); "
            f"GitHub requests warm: {max(gh_warm, default=0)} (target 0)"
        )
        ok = (
            cli.ratio <= 1.2
            and conditional + cli_conditional == feed_warm + cli_requests
            and max(gh_warm, default=0) == 0
        )
        print(
            "targets met (CLI ratio, conditional requests, no GitHub request)"
            if ok
            else "targets NOT met"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--searches", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rank", action="store_true", help="measure the ranking on real picks")
    parser.add_argument("--half-life", type=float, default=12.0)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--keyword-prior", type=float, default=1.5)
    parser.add_argument("--compare", action="store_true", help="also run the models tried")
    parser.add_argument("--show-warnings", type=int, default=3)
    parser.add_argument(
        "--newsletter",
        action="store_true",
        help="also add the feeds to the real rust-osdev month (../shared): a newsletter's draft",
    )
    args = parser.parse_args(argv)
    if args.rank:
        run_rank(args)
        return 0
    code = default_mode(args)
    if args.newsletter:
        newsletter_mode(args)
    return code


def newsletter_mode(args: argparse.Namespace) -> None:
    """The same feeds in a real newsletter's draft: ``thismonth draft 2024-06`` of Rust
    OSDev from the 20 rebuilt clones of ../shared, learning from its published issues
    (the example config), without candidates and with a news section fed by the feeds.
    No saved searches here: the git source has no GitHub to run them against."""
    from _shared import EXAMPLE_CONFIG, data_dir, rebuild_repos

    data = data_dir()
    repos = rebuild_repos(verbose=False)
    clones = next(iter(repos.values())).parent
    exe = Path(sys.executable).parent / "thismonth"
    with feed_server() as server, tempfile.TemporaryDirectory() as tmp:
        urls = serve_feeds(server, args.feeds, args.entries)
        env = cli_env(Path(tmp))
        feeds = ", ".join(f'{{ url = "{u}", name = "blog {i}" }}' for i, u in enumerate(urls))
        news = (
            '\n[[sections]]\nid = "news"\nheading = "Announcements, News, and Blog Posts"\n'
            f'cap = 30\nwords = ["uefi"]\nfeeds = [{feeds}]\n'
        )
        base = EXAMPLE_CONFIG.read_text(encoding="utf-8")
        folders = {}
        for name, extra in (("plain", ""), ("candidates", news)):
            folder = Path(tmp) / name
            folder.mkdir()
            (folder / "thismonth.toml").write_text(base + extra, encoding="utf-8")
            folders[name] = folder

        def run(name: str) -> float:
            folder = folders[name]
            cmd = [
                str(exe),
                "draft",
                str(MONTH),
                "--config",
                str(folder / "thismonth.toml"),
                "--source",
                "git",
                "--repos",
                str(clones),
                "--archive",
                str(data / "published"),
                "-o",
                "-",
            ]
            started = time.perf_counter()
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            took = time.perf_counter() - started
            if proc.returncode != 0 or (
                name == "candidates" and ".example/posts/" not in proc.stdout
            ):
                raise SystemExit(f"thismonth draft failed: {proc.stderr.strip()[-500:]}")
            return took

        cold = {name: run(name) for name in folders}  # fills each folder's caches
        server.reset_counts()
        figures = paired(args.runs, lambda: run("plain"), lambda: run("candidates"))
        conditional = sum(c for _p, c in server.requests)
        print(
            f"Rust OSDev {MONTH} from 20 clones, learning from the archive: first drafts "
            f"{ms(cold['plain'])} without candidates, {ms(cold['candidates'])} with; "
            f"re-drafts (nothing changed) {ms(figures.plain)} without, {ms(figures.warm)} "
            f"with {args.feeds} feeds: {figures.ratio:.2f}x (target <= 1.2x); warm feed "
            f"requests {len(server.requests)}, {conditional} conditional"
        )


if __name__ == "__main__":
    raise SystemExit(main())
