"""How close the drafts come to what the rust-osdev editors published.

Drafts every month 2020-04..2024-06 from the rebuilt repositories with the example
config (git source -> compose) and compares each with ``truth/YYYY-MM.json``. Prints a
table per year and for the target span 2023-01..2024-06:

* recall: truth PRs of our repositories (listed or commented) that the draft has at all;
  "where data exists" leaves out PRs merged after a repository's snapshot ends (volatile
  ends in 2024-03, linked-list-allocator in 2024-05: no source can find those);
  "in-window" also leaves out PRs the repositories show merged in another month (the
  editors list a few merged in the first days of the next month);
* titles: our title equals theirs, over the PRs found; split by how the PR landed, as a
  rebase merge leaves no title in git (the first commit's subject stands in);
* precision: our listed PRs that the editors had, in project-months they covered;
* commented: for PRs found, whether we list / comment out as the editors did (2022-09 on,
  when commented-out entries were kept);
* thanks: the thanks line has exactly the editors' set of logins (project-months with one);
  "maintainers aside" forgives the maintainers the editors sometimes thanked anyway;
* published as: the editors' "published as X" annotations that our entry also carries.

Each month is drafted with the plain calendar month. ``--at publication`` drafts it on
the issue's publication day instead (``thismonth draft M --until DATE``, so PRs merged in
the next month's first days are in) with the previous issue in the content folder (what
it listed is not listed again). Measured: that loses precision (the editors mostly list
such PRs in the next issue) and gains no recall in 2023-24, hence not the default.

``--learn`` (from 2021-01) drafts each month three ways in one run: the example config as
it was before ``init --archive`` regenerated it, today's example without learning, and
today's example stripped of what ``init`` took from the archive (maintainers,
descriptions, logins) learning from the issues before each month (``app/learn.py``; the
archive is ``published/``, truth is read only to score).

    .venv/bin/python bench/accuracy.py [--from 2023-01] [--to 2024-06] [--misses] [--learn]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import EXAMPLE_CONFIG, ROOT, data_dir, rebuild_repos
from thismonth.compose import build_issue
from thismonth.config import load_config
from thismonth.markdown.lines import normalize_url
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.sources.git_run import run_git

FIRST, LAST = Month(2020, 4), Month(2024, 6)
TARGET = (Month(2023, 1), Month(2024, 6))
COMMENTS_FROM = Month(2022, 9)
PUBLISHED_AS_UNTIL = Month(2024, 1)
# The commit before `init --archive` regenerated the example config (for --learn).
BEFORE_INIT = "3fcbdc3"


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += bool(ok)

    def pct(self) -> str:
        return (
            f"{100 * self.hits / self.total:5.1f}% ({self.hits}/{self.total})"
            if self.total
            else "   n/a"
        )


@dataclass
class Scores:
    recall: Tally = field(default_factory=Tally)
    recall_window: Tally = field(default_factory=Tally)
    recall_data: Tally = field(default_factory=Tally)
    titles: Tally = field(default_factory=Tally)
    titles_msg: Tally = field(default_factory=Tally)
    titles_rebase: Tally = field(default_factory=Tally)
    precision: Tally = field(default_factory=Tally)
    commented: Tally = field(default_factory=Tally)
    thanks: Tally = field(default_factory=Tally)
    thanks_aside: Tally = field(default_factory=Tally)
    published: Tally = field(default_factory=Tally)
    published_precision: Tally = field(default_factory=Tally)

    COLUMNS = (
        ("recall", "recall"),
        ("recall_data", "  where data exists"),
        ("recall_window", "  in-window"),
        ("titles", "titles"),
        ("titles_msg", "  merge/squash/bors"),
        ("titles_rebase", "  rebase (no message)"),
        ("precision", "precision"),
        ("commented", "commented-out"),
        ("thanks", "thanks"),
        ("thanks_aside", "  maintainers aside"),
        ("published", "published as"),
        ("published_precision", "  our notes they wrote"),
    )


def months(first: Month, last: Month) -> list[Month]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = m.next()
    return out


def _version(text: str) -> str:
    return text.strip().lstrip("v")


def snapshot_ends(repos: dict[str, Path]) -> dict[str, str]:
    """The month of each repository's newest commit (some snapshots end early)."""
    out = {}
    for name, path in repos.items():
        stamp = run_git(path, ["log", "--all", "--no-walk", "-1", "--format=%cI"]).strip()
        out[name] = stamp[:7]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="first", default=str(FIRST))
    parser.add_argument("--to", dest="last", default=str(LAST))
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument(
        "--learn",
        action="store_true",
        help="also draft each month with the habits learned from the issues before it, "
        "side by side with the example config as it was before `init --archive` and with "
        "today's example without learning",
    )
    parser.add_argument(
        "--at",
        choices=("publication", "month-end"),
        default="month-end",
        help="draft with the plain calendar month (default) or on the issue's publication day",
    )
    args = parser.parse_args()

    truth_dir = data_dir() / "truth"
    repos = rebuild_repos(verbose=False)
    ends = snapshot_ends(repos)
    source = GitSource(repos["acpi"].parent)
    example = load_config(EXAMPLE_CONFIG)
    if not args.learn:
        evaluate(
            args, "example config", example, lambda m, collect: example, truth_dir, source, ends
        )
        return
    runs = learn_runs(example, truth_dir.parent / "published")
    summary = []
    for label, base, config_for in runs:
        summary.append((label, evaluate(args, label, base, config_for, truth_dir, source, ends)))
    print_summary(summary)


def evaluate(args, label, config, config_for, truth_dir, source, ends) -> Scores:  # type: ignore[no-untyped-def]
    """Score every month with ``config_for(month, collect)``; print the table, return the
    target span's scores."""
    ours_repos = {p.repo for p in config.projects}
    tz = config.tz()

    collected_cache: dict[tuple[Month, object], dict] = {}

    def collect(m: Month) -> dict:
        key = (m, m.until)
        if key not in collected_cache:
            collected_cache[key] = source.collect_month(config.projects, m, tz).activities
        return collected_cache[key]

    def as_published(m: Month, truth: dict) -> tuple[Month, frozenset[str]]:
        """The month as the editors drafted it, and the URLs the previous issue listed."""
        if args.at == "month-end":
            return m, frozenset()
        published = date.fromisoformat(truth["date"])
        end = m.window(tz)[1].date()
        if end <= published <= end + timedelta(days=30):
            m = m.with_until(published, tz)
        previous = truth_dir / f"{m.previous()}.json"
        urls: set[str] = set()
        if previous.exists():
            for sec in json.loads(previous.read_text(encoding="utf-8"))["sections"]:
                urls |= {
                    normalize_url(it["url"])
                    for it in sec["items"] + sec.get("commented_items", [])
                    if it.get("url")
                }
        return m, frozenset(urls)

    by_year: dict[str, Scores] = defaultdict(Scores)
    target = Scores()
    overall = Scores()
    misses: list[str] = []

    for m in months(Month.parse(args.first), Month.parse(args.last)):
        truth_file = truth_dir / f"{m}.json"
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        drafted, exclude = as_published(m, truth)
        activities = collect(drafted)
        month_config = config_for(m, collect)
        doc = build_issue(month_config, drafted, activities, exclude=exclude)
        sections = {p.key: p for p in doc.projects}
        buckets = [by_year[str(m.year)], overall]
        if TARGET[0] <= m <= TARGET[1]:
            buckets.append(target)

        def score(name: str, ok: bool, buckets: list[Scores] = buckets) -> None:
            for b in buckets:
                getattr(b, name).add(ok)

        covered: dict[str, tuple[set[int], set[int], list[str]]] = {}
        for sec in truth["sections"]:
            repo = sec.get("repo")
            if sec["section"] != "project-updates" or repo not in ours_repos:
                continue
            listed = {
                it["number"]
                for it in sec["items"]
                if it["kind"] == "pull" and it["repo"] == repo and it["number"]
            }
            commented = {
                it["number"]
                for it in sec.get("commented_items", [])
                if it["kind"] == "pull" and it["repo"] == repo and it["number"]
            }
            old = covered.get(repo, (set(), set(), []))
            covered[repo] = (old[0] | listed, old[1] | commented, old[2] + list(sec["thanks"]))
            ours = sections.get(repo)
            entries = {e.number: e for e in (ours.all_entries if ours else []) if e.kind == "pull"}
            items = [(it, "list") for it in sec["items"]]
            items += [(it, "comment") for it in sec.get("commented_items", [])]
            for it, action in items:
                if it["kind"] != "pull" or it["repo"] != repo or not it["number"]:
                    continue
                entry = entries.get(it["number"])
                score("recall", entry is not None)
                beyond = ends.get(repo.split("/", 1)[1], "9999") < str(m)
                elsewhere = False
                if entry is None and not beyond:
                    for other in (m.previous(), m.next()):
                        act = collect(other).get(repo)
                        if act and any(p.number == it["number"] for p in act.pulls):
                            elsewhere = True
                if not beyond:
                    score("recall_data", entry is not None)
                if not beyond and not elsewhere:
                    score("recall_window", entry is not None)
                if entry is None:
                    why = "after snapshot" if beyond else "other month" if elsewhere else "MISS"
                    misses.append(f"{m} {repo}#{it['number']} [{why}] {it['title']!r}")
                    continue
                ok_title = entry.title == it["title"]
                score("titles", ok_title)
                act = activities.get(repo)
                how = next((p.how for p in act.pulls if p.number == entry.number), "merge")
                score("titles_rebase" if how == "rebase" else "titles_msg", ok_title)
                if not ok_title and TARGET[0] <= m:
                    misses.append(
                        f"{m} {repo}#{it['number']} [title] {entry.title!r} != {it['title']!r}"
                    )
                if m >= COMMENTS_FROM:
                    score("commented", entry.action == action)
                    if entry.action != action and TARGET[0] <= m:
                        misses.append(
                            f"{m} {repo}#{it['number']} [ours {entry.action}, theirs {action}]"
                            f" {it['title']!r} by {entry.author.login or entry.author.name}"
                        )
                pa = it.get("published_as")
                if entry.published_as and action == "list":
                    score("published_precision", bool(pa))
                if pa and m <= PUBLISHED_AS_UNTIL:
                    versions = {_version(v["version"]) for v in pa.get("versions", [])}
                    have = {_version(r.version) for r in entry.published_as}
                    score("published", bool(versions & have))
                    if not versions & have:
                        misses.append(
                            f"{m} {repo}#{it['number']} [published as] ours {sorted(have)}"
                            f" theirs {sorted(versions)}"
                        )
        for repo, (listed, commented, thanks) in covered.items():
            ours = sections.get(repo)
            if ours is None:
                continue
            for e in ours.all_entries:
                if e.kind == "pull" and e.action == "list":
                    ok = e.number in listed or e.number in commented
                    score("precision", ok)
                    if not ok and TARGET[0] <= m:
                        misses.append(f"{m} {repo}#{e.number} [extra] {e.title!r}")
            if thanks:
                want = {t.lower() for t in thanks}
                have = {t.login.lower() for t in ours.thanks}
                score("thanks", want == have)
                project = month_config.project(repo)
                keepers = {m.login.lower() for m in project.maintainers} if project else set()
                score("thanks_aside", want - keepers == have)
                if want != have and TARGET[0] <= m:
                    misses.append(f"{m} {repo} [thanks] ours {sorted(have)} theirs {sorted(want)}")

    print(f"== {label}")
    width = max(len(label) for _, label in Scores.COLUMNS)
    rows = [(year, by_year[year]) for year in sorted(by_year)]
    rows.append((f"{TARGET[0]}..{TARGET[1]}", target))
    rows.append(("all", overall))
    print(f"{'':<{width}} " + " ".join(f"{name:>22}" for name, _ in rows))
    for attr, label in Scores.COLUMNS:
        cells = " ".join(f"{getattr(s, attr).pct():>22}" for _, s in rows)
        print(f"{label:<{width}} {cells}")
    print(
        "targets 2023-01..2024-06: recall >= 99.5%, titles >= 96%, precision >= 97%, "
        "commented-out >= 95%, thanks >= 85%"
    )
    if args.misses:
        print()
        for line in misses:
            print(line)
    print()
    return target


def learn_runs(example, archive: Path) -> list:  # type: ignore[no-untyped-def]
    """(label, base config, config of a month) for the three configs of ``--learn``.

    * before init: the hand-written example as it was before ``init --archive`` (from
      git), fixed rules, no learning;
    * today's example without learning: what ``init --archive`` wrote from all 51 issues
      (its maintainers, descriptions and logins know the future of early months);
    * learned: today's example without anything ``init`` took from the archive
      (maintainers, descriptions, logins), each month learning from the issues before it.
    """
    from thismonth.app.learn import learning_for
    from thismonth.config import parse_config

    runs = []
    try:
        old_text = run_git(ROOT, ["show", f"{BEFORE_INIT}:examples/rust-osdev/thismonth.toml"])
        old = parse_config(old_text, EXAMPLE_CONFIG)
        runs.append(("example before init --archive, fixed rules", old, lambda m, c: old))
    except Exception as exc:  # no git history (a tarball): say so, run the others
        print(f"(example before init --archive unavailable: {exc})")
    runs.append(("today's example, no learning", example, lambda m, c: example))
    blank = replace(
        example,
        policy=replace(example.policy, logins={}),
        projects=[
            replace(
                p,
                maintainers=[],
                description="",
                stated=p.stated - {"maintainers", "description"},
            )
            for p in example.projects
        ],
    )

    class Cached:
        name = "bench"

        def __init__(self, collect):  # type: ignore[no-untyped-def]
            self.collect = collect

        def collect_month(self, projects, month, tz):  # type: ignore[no-untyped-def]
            from thismonth.sources import Collected

            return Collected(activities=self.collect(month))

    def learned(m: Month, collect):  # type: ignore[no-untyped-def]
        return learning_for(blank, m, source=Cached(collect), archive=archive).config

    runs.append(("learned from the issues before each month", blank, learned))
    return runs


def print_summary(summary: list) -> None:  # type: ignore[type-arg]
    print(f"== side by side, {TARGET[0]}..{TARGET[1]}")
    names = (
        "recall",
        "titles",
        "precision",
        "commented",
        "thanks",
        "published",
        "published_precision",
    )
    print(f"{'':<48} " + " ".join(f"{n:>14}" for n in names))
    for label, scores in summary:
        cells = " ".join(
            f"{100 * getattr(scores, n).hits / max(1, getattr(scores, n).total):13.1f}%"
            for n in names
        )
        print(f"{label:<48} {cells}")


if __name__ == "__main__":
    main()
