"""Where the editors' titles come from, and how many of them git can give at all.

For every PR the rust-osdev editors listed or commented out (``truth/``), compares the
published title with what the rebuilt repositories hold for it:

* the title the draft takes (the PR title of a merge or squash commit; for a rebase merge,
  which leaves no PR title in git, the first commit's subject);
* for rebase merges of several commits, which commit's subject the published title is (up to styling):
  the first, the last, the longest, the last one that is not a chore ("Update
  changelog", "fixup!", "review", "fmt" ...), or any;
* the ceiling: titles equal to ours, equal up to styling (backticks, the first letter's
  case, a trailing ``(#123)``: what learned title habits can reach), equal to another
  commit subject of the PR, and titles no git data gives (typed or edited on GitHub, or
  rewritten by the editors).

Titles are compared as drafted with styling off, so the figures say what the source gives.

    .venv/bin/python bench/titles.py [--from 2021-01] [--to 2024-06]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import EXAMPLE_CONFIG, data_dir, rebuild_repos
from thismonth.compose.learned_titles import same_but_styling
from thismonth.config import load_config
from thismonth.errors import ThisMonthError
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.sources.git_run import run_git

CHORE = re.compile(
    r"(?i)^(fixup!|squash!|amend!|review|address|apply suggestion|(cargo )?fmt|rustfmt|clippy"
    r"|wip\b|typo|update changelog|changelog|fix (ci|clippy|fmt|typo|build|lint|tests?)\b)"
)
TARGET = (Month(2023, 1), Month(2024, 6))


def subjects(path: Path, number: int, merge_commit: str, how: str) -> list[str]:
    """The PR's own commits, oldest first: its pull head, less the branch it landed on."""
    base = f"{merge_commit}^1" if how == "merge" else merge_commit
    try:
        out = run_git(
            path, ["log", "--reverse", "--format=%s", f"refs/pull/{number}/head", "--not", base]
        )
    except ThisMonthError:
        return []
    return [s for s in out.split("\n") if s]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="first", default="2021-01")
    parser.add_argument("--to", dest="last", default="2024-06")
    args = parser.parse_args()
    truth_dir = data_dir() / "truth"
    repos = rebuild_repos(verbose=False)
    source = GitSource(repos["acpi"].parent)
    config = load_config(EXAMPLE_CONFIG)
    positions: dict[str, Counter[str]] = defaultdict(Counter)
    ceiling: dict[str, Counter[str]] = defaultdict(Counter)
    m = Month.parse(args.first)
    while m <= Month.parse(args.last):
        truth_file = truth_dir / f"{m}.json"
        if truth_file.exists():
            truth = json.loads(truth_file.read_text(encoding="utf-8"))
            acts = source.collect_month(config.projects, m, config.tz()).activities
            spans = [str(m.year)] + (["target"] if TARGET[0] <= m <= TARGET[1] else [])
            for sec in truth["sections"]:
                act = acts.get(sec.get("repo"))
                if act is None:
                    continue
                pulls = {p.number: p for p in act.pulls}
                for it in sec["items"] + sec.get("commented_items", []):
                    pull = pulls.get(it["number"]) if it["kind"] == "pull" else None
                    if pull is None or it["repo"] != act.repo:
                        continue
                    theirs = it["title"]
                    path = repos[act.repo.split("/", 1)[1]]
                    subs = subjects(path, pull.number, pull.merge_commit, pull.how)
                    if pull.title == theirs:
                        kind = "equal to ours"
                    elif same_but_styling(pull.title, theirs):
                        kind = "ours up to styling"
                    elif any(same_but_styling(s, theirs) for s in subs):
                        kind = "another commit subject of the PR"
                    else:
                        kind = "no git data gives it"
                    for span in spans:
                        ceiling[span][f"{pull.how}: {kind}"] += 1
                        ceiling[span]["total"] += 1
                    if pull.how == "rebase" and len(subs) > 1:
                        chosen = {
                            "first": subs[0],
                            "last": subs[-1],
                            "longest": max(subs, key=len),
                            "last non-chore": next(
                                (s for s in reversed(subs) if not CHORE.match(s)), subs[-1]
                            ),
                        }
                        for span in spans:
                            positions[span]["PRs"] += 1
                            for name, subject in chosen.items():
                                positions[span][name] += same_but_styling(subject, theirs)
                            positions[span]["any"] += any(same_but_styling(s, theirs) for s in subs)
        m = m.next()
    print("Rebase merges of several commits: the published title is the subject of the ...")
    for span, counts in sorted(positions.items()):
        total = counts.pop("PRs")
        cells = ", ".join(f"{k} {v}" for k, v in counts.items())
        print(f"  {span}: {total} PRs: {cells}")
    print()
    print("Where the published titles come from:")
    for span, counts in sorted(ceiling.items()):
        total = counts.pop("total")
        print(f"  {span} ({total} PRs):")
        for kind, n in sorted(counts.items()):
            print(f"    {kind:<45} {n:4d}  {100 * n / total:5.1f}%")
        reachable = sum(n for k, n in counts.items() if "no git data" not in k)
        print(
            f"    {'ceiling (all but no git data)':<45} {reachable:4d}  {100 * reachable / total:5.1f}%"
        )


if __name__ == "__main__":
    main()
