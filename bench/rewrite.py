"""Benchmark: what the optional llm context lines cost a draft, and what the cache saves.

    .venv/bin/python bench/rewrite.py [--feeds 10] [--entries 50] [--cap 10] [--delay 0.02] [--runs 3]

Everything is local: FEEDS feeds of ENTRIES entries on 127.0.0.1 (tests/feedserver.py), a
small clone (tests/gitrepo.py), and a model registered in-process through llm's plugin
API that sleeps DELAY seconds per answer (a stand-in for a real model: no network). Two
sections of CAP candidates each. ``thismonth draft`` is run in-process, as the tests do.
Figures printed (best of RUNS where it says so):

1. a re-draft without a model (feeds warm): the baseline;
2. the first draft with the model: wall time and model calls (one per kept candidate
   with a context line);
3. a re-draft with the model, nothing changed: wall time, model calls (target: 0), and
   its ratio to the baseline (target: about 1.0x).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test helpers

import llm

from clirun import run
from feedserver import Item, Route, atom, feed_server
from gitrepo import GitRepo

START = datetime(2024, 6, 1, tzinfo=UTC)


class Timed(llm.Model):
    model_id = "bench-model"
    can_stream = False

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls = 0

    def execute(self, prompt, stream, response, conversation):  # type: ignore[no-untyped-def]
        self.calls += 1
        time.sleep(self.delay)
        yield "A neutral sentence about the post."


class Plugin:
    __name__ = "bench-rewrite"

    def __init__(self, model: Timed) -> None:
        self.model = model

    @llm.hookimpl
    def register_models(self, register):  # type: ignore[no-untyped-def]
        register(self.model)


def newsletter(folder: Path, urls: list[str], cap: int) -> None:
    half = len(urls) // 2 or 1
    feeds = [", ".join(f'"{u}"' for u in part) for part in (urls[:half], urls[half:] or urls)]
    (folder / "thismonth.toml").write_text(
        '[newsletter]\nname = "Bench"\norganization = "bench"\n\n[[projects]]\nrepo = "bench/kernel"\n'
        f'\n[[sections]]\nid = "news"\nheading = "News"\ncap = {cap}\nfeeds = [{feeds[0]}]\n'
        f'\n[[sections]]\nid = "blogs"\nheading = "Blogs"\ncap = {cap}\nfeeds = [{feeds[1]}]\n'
    )
    repo = GitRepo.init(folder / "clones" / "kernel")
    repo.commit("Initial commit", date="2024-01-01T00:00:00+00:00")


def draft(folder: Path, *args: str) -> float:
    started = time.perf_counter()
    result = run("draft", "2024-06", "--repos", "clones", "-o", "-", *args, cwd=folder)
    took = time.perf_counter() - started
    if result.code != 0 or "context rewrite" in result.err:
        raise SystemExit(f"draft failed: {result.err[-500:]}")
    return took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--cap", type=int, default=10)
    ap.add_argument("--delay", type=float, default=0.02, help="seconds per model answer")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    model = Timed(args.delay)
    with tempfile.TemporaryDirectory() as tmp, feed_server() as server:
        os.environ["LLM_USER_PATH"] = str(Path(tmp) / "llm-user")
        llm.pm.register(Plugin(model), name="bench-rewrite")
        urls = []
        for f in range(args.feeds):
            items = [
                Item(
                    f"Post {e} of blog {f}",
                    f"https://blog{f}.example/{e}/",
                    START - timedelta(days=20) + timedelta(hours=(e * 97 + f * 13) % (24 * 50)),
                    f"<p>Entry {e} of blog {f}, about scheduling and memory.</p>",
                    f"b{f}-{e}",
                )
                for e in range(args.entries)
            ]
            urls.append(server.serve(f"/feed{f}.xml", Route(atom(items))))
        folder = Path(tmp)
        newsletter(folder, urls, args.cap)
        draft(folder)  # reads the feeds once: every later draft is warm
        off = min(draft(folder) for _ in range(args.runs))
        cold = draft(folder, "--rewrite-context", "bench-model")
        cold_calls = model.calls
        warm = min(draft(folder, "--rewrite-context", "bench-model") for _ in range(args.runs))
        warm_calls = model.calls - cold_calls
    print(
        f"feeds {args.feeds} x {args.entries} entries, 2 sections, cap {args.cap}, model delay {args.delay:g} s"
    )
    print(f"re-draft without a model (best of {args.runs}):   {off:7.3f} s")
    print(
        f"first draft with the model:             {cold:7.3f} s  {cold_calls} model calls  ({cold / off:.2f}x)"
    )
    print(
        f"re-draft with the model (best of {args.runs}):    {warm:7.3f} s  {warm_calls} model calls  ({warm / off:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
