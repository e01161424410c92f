"""One identity scan per clone and run: the months learning reads share it.

Each month's identity scan is bounded by that month (the commits up to 31 days after it,
at most HISTORY_COMMITS of them). A shared wider scan must give every month exactly those
commits, so a run that collects months A then B learns what two separate runs learn.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchload import load_bench
from gitrepo import GitRepo
from thismonth.config import ProjectConfig
from thismonth.months import Month
from thismonth.sources import Collected, git_history, git_run
from thismonth.sources.git import GitSource
from thismonth.sources.git_history import SharedHistory, scan, window_for
from thismonth.sources.git_log import rev_list_since
from thismonth.sources.git_memo import MonthMemo
from thismonth.sources.git_walks import SharedWalks

JAN = Month(2024, 1)
JUNE = Month(2024, 6)
CAROL_HOME = ("Carol Chen", "carol@home.example")
CAROL_NOREPLY = ("Carol Chen", "77+carolc@users.noreply.github.com")


def project(name: str) -> ProjectConfig:
    return ProjectConfig(
        repo=f"demo/{name}", name=name, clone=name, url=f"https://github.com/demo/{name}"
    )


@pytest.fixture
def repos(tmp_path: Path) -> Path:
    """Two clones. Carol's login is only told in May (a noreply address), after January's
    window and inside June's: January must not know it, June must."""
    widget = GitRepo.init(tmp_path / "repos" / "widget")
    widget.commit("Initial commit", date="2023-11-05T10:00:00+00:00")
    widget.commit("Fix the frobnicator (#4)", author=CAROL_HOME, date="2024-01-10T10:00:00+00:00")
    widget.pull_request(5, "Add a gadget", date="2024-01-20T10:00:00+00:00")
    widget.commit("Tidy the docs", author=CAROL_NOREPLY, date="2024-05-02T10:00:00+00:00")
    widget.commit("Speed up the loop (#9)", author=CAROL_HOME, date="2024-06-03T10:00:00+00:00")
    widget.pull_request(10, "Support more boards", date="2024-06-12T10:00:00+00:00")
    gadget = GitRepo.init(tmp_path / "repos" / "gadget")
    gadget.commit("Initial commit", date="2023-12-01T10:00:00+00:00")
    gadget.commit("Port to arm (#2)", author=CAROL_HOME, date="2024-01-15T10:00:00+00:00")
    gadget.commit("Port to riscv (#3)", author=CAROL_HOME, date="2024-06-15T10:00:00+00:00")
    return tmp_path / "repos"


PROJECTS = [project("widget"), project("gadget")]


def as_json(source: GitSource, month: Month) -> dict:
    collected = source.collect_month(PROJECTS, month, UTC)
    return {
        "activities": {k: v.to_json() for k, v in sorted(collected.activities.items())},
        "warnings": collected.warnings,
    }


def identity_scans(calls: list[list[str]]) -> int:
    return sum(1 for cmd in calls if "log" in cmd and "--branches" in cmd)


def traced(run) -> tuple[object, list[list[str]]]:
    git_run.TRACE = []
    try:
        result = run()
        return result, [cmd for cmd, _, _ in git_run.TRACE]
    finally:
        git_run.TRACE = None


def test_months_read_by_one_source_are_what_separate_sources_read(repos: Path) -> None:
    fresh = {m: as_json(GitSource(repos, discover=False), m) for m in (JAN, JUNE)}
    # the fixture means something: the login learned in May names Carol in June only
    jan_authors = {p["author"]["login"] for p in fresh[JAN]["activities"]["demo/gadget"]["pulls"]}
    june_authors = {p["author"]["login"] for p in fresh[JUNE]["activities"]["demo/gadget"]["pulls"]}
    assert jan_authors == {None} and june_authors == {"carolc"}

    shared = GitSource(repos, discover=False)
    shared.plan([JAN, JUNE], UTC)
    both, calls = traced(lambda: {m: as_json(shared, m) for m in (JAN, JUNE)})
    assert both == fresh
    assert identity_scans(calls) == len(PROJECTS)  # one per clone, not one per clone and month
    assert shared.history.answered == 2 * len(PROJECTS)

    unplanned = GitSource(repos, discover=False)
    _, calls = traced(lambda: [as_json(unplanned, m) for m in (JAN, JUNE)])
    assert identity_scans(calls) == 2 * len(PROJECTS)


def test_months_read_at_once_in_threads_are_the_same(repos: Path) -> None:
    months = [Month(2024, n) for n in range(1, 8)]
    fresh = [as_json(GitSource(repos, discover=False), m) for m in months]
    shared = GitSource(repos, discover=False)
    shared.plan(months, UTC)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got, calls = traced(lambda: list(pool.map(lambda m: as_json(shared, m), months)))
    assert got == fresh
    assert identity_scans(calls) == len(PROJECTS)


def test_a_wide_scan_cut_by_its_count_leaves_the_older_months_to_their_own_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_history, "HISTORY_COMMITS", 3)
    monkeypatch.setattr(git_history, "SHARED_COMMITS", 6)
    repo = GitRepo.init(tmp_path / "many")
    for month in range(1, 11):  # two commits a month, January to October
        for day in (3, 17):
            repo.commit(f"Work of 2024-{month:02}-{day}", date=f"2024-{month:02}-{day}T10:00:00Z")
    months = [Month(2024, n) for n in range(1, 10)]
    ends = {m: m.window(UTC)[1] for m in months}
    shared = SharedHistory()
    shared.plan(ends.values())
    for month in reversed(months):
        own = [record for _, record in scan(repo.path, window_for(ends[month]))[0]]
        assert len(own) == 3  # the count, not the window, ends every month's own scan
        assert shared.records(repo.path, ends[month]) in (own, None), month
    # The wide scan held the six newest commits (Aug. 3 to Oct. 17): only the months
    # whose three commits from their end + 31 days down are among them are answered.
    answered = [m for m in months if shared.records(repo.path, ends[m]) is not None]
    assert answered == [Month(2024, 8), Month(2024, 9)]


def test_a_month_outside_the_plan_is_scanned_on_its_own(repos: Path) -> None:
    shared = SharedHistory()
    shared.plan([JAN.window(UTC)[1], JUNE.window(UTC)[1]])
    assert shared.records(repos / "widget", Month(2024, 3).window(UTC)[1]) is None
    assert shared.records(repos / "widget", JAN.window(UTC)[1]) is not None


def test_a_clone_git_cannot_read_is_left_to_the_months_own_scan(tmp_path: Path) -> None:
    shared = SharedHistory()
    shared.plan([JAN.window(UTC)[1], JUNE.window(UTC)[1]])
    (tmp_path / "empty").mkdir()
    assert shared.records(tmp_path / "empty", JAN.window(UTC)[1]) is None


def test_the_benchmark_checks_every_month_against_its_own_scan(
    repos: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_bench("identity_scans")
    assert bench.main(["--repos", str(repos), "2024-06"]) == 0
    out = capsys.readouterr().out
    assert "1 draft months x 2 clones: 26 month scans checked" in out
    assert "answered by the shared scan: 26 (100%)" in out
    assert "mismatches: 0" in out
    assert "tag walks checked: 0, mismatches: 0" in out  # the fixture has no tags


def first_parent_logs(calls: list[list[str]]) -> int:
    return sum(1 for cmd in calls if "log" in cmd and "--first-parent" in cmd)


def test_branch_walks_are_shared_and_each_month_gets_its_own_part(tmp_path: Path) -> None:
    """Quiet months (a probe below the walk's end), a skewed clock (a walk resumed below
    it), a dev branch: every month reads what a source of its own reads."""
    repo = GitRepo.init(tmp_path / "repos" / "widget")
    repo.commit("Initial commit", date="2023-10-05T10:00:00Z")
    repo.commit("Autumn work (#1)", author=CAROL_HOME, date="2023-11-05T10:00:00Z")
    repo.commit("Early in March (#2)", author=CAROL_HOME, date="2024-03-05T10:00:00Z")
    repo.commit("Skewed clock (#3)", author=CAROL_HOME, date="2023-06-01T10:00:00Z")
    repo.commit("Later in March (#4)", author=CAROL_HOME, date="2024-03-10T10:00:00Z")
    repo.tag("v0.1.0", message="first", date="2024-04-02T10:00:00Z")
    repo.branch("next")
    repo.commit("Next thing", author=CAROL_NOREPLY, date="2024-05-10T10:00:00Z")
    repo.checkout("main")
    repo.pull_request(5, "Summer work", date="2024-07-02T10:00:00Z")
    repo.tag("v0.2.0", message="second", date="2024-07-03T10:00:00Z")
    projects = [
        ProjectConfig(
            repo="demo/widget",
            name="widget",
            clone="widget",
            url="https://github.com/demo/widget",
            dev_branches=["next"],
        )
    ]
    months = [Month(2023, n) for n in (10, 11, 12)] + [Month(2024, n) for n in range(1, 8)]
    repos = tmp_path / "repos"

    def read(source: GitSource, month: Month) -> dict:
        return source.collect_month(projects, month, UTC).activities["demo/widget"].to_json()

    fresh = {m: read(GitSource(repos), m) for m in months}
    assert [p["number"] for p in fresh[Month(2024, 3)]["pulls"]] == [2, 4]
    assert [c["title"] for c in fresh[Month(2024, 5)]["commits"]] == ["Next thing"]
    released = [p["released_in"] for m in months for p in fresh[m]["pulls"]]
    # (below the skewed clock, the release's walk never reaches #1 and #2)
    assert [[r["version"] for r in refs] for refs in released] == [[], [], ["0.1.0"], ["0.2.0"]]
    _, alone = traced(lambda: [read(GitSource(repos), m) for m in months])

    shared = GitSource(repos)
    shared.plan(months, UTC)
    with ThreadPoolExecutor(max_workers=3) as pool:
        got, calls = traced(lambda: list(pool.map(lambda m: read(shared, m), months)))
    assert got == [fresh[m] for m in months]
    assert first_parent_logs(calls) < first_parent_logs(alone) / 2


def pull_ref_reads(calls: list[list[str]]) -> list[tuple[str, ...]]:
    return [
        tuple(cmd) for cmd in calls if "for-each-ref" in cmd and any("refs/pull" in a for a in cmd)
    ]


def test_pull_heads_are_read_once_for_the_months_that_look_at_them(tmp_path: Path) -> None:
    """Rebase merges in two months, heads in two blocks of PR numbers: each month finds
    its own, and each block of pull refs is listed once, not once per month."""
    repo = GitRepo.init(tmp_path / "repos" / "widget")
    repo.commit("Initial commit", date="2024-01-05T10:00:00Z")
    repo.pull_request(1999, "Named by its merge", date="2024-02-02T10:00:00Z")
    repo.pull_request(2000, "Named in March", date="2024-03-05T10:00:00Z")
    for number, day in ((1998, "2024-02-10"), (2001, "2024-03-10"), (2002, "2024-03-12")):
        repo.branch(f"topic-{number}", "main")
        head = repo.commit(f"Change {number}", author=CAROL_HOME, date=f"{day}T09:00:00Z")
        repo.update_ref(f"refs/pull/{number}/head", head)
        repo.checkout("main")
        repo.commit(
            f"Change {number}",
            author=CAROL_HOME,
            date=f"{day}T09:00:00Z",
            committer_date=f"{day}T11:00:00Z",
        )
    months = [Month(2024, 2), Month(2024, 3)]
    projects = [project("widget")]
    repos = tmp_path / "repos"

    def read(source: GitSource, month: Month) -> dict:
        return source.collect_month(projects, month, UTC).activities["demo/widget"].to_json()

    fresh, alone = traced(lambda: [read(GitSource(repos), m) for m in months])
    assert [[p["number"] for p in a["pulls"]] for a in fresh] == [[1999, 1998], [2000, 2001, 2002]]
    shared = GitSource(repos)
    shared.plan(months, UTC)
    got, calls = traced(lambda: [read(shared, m) for m in months])
    assert got == fresh
    reads = pull_ref_reads(calls)
    assert len(reads) == len(set(reads)) < len(pull_ref_reads(alone))


def test_learnings_threads_open_a_new_month_cache_together_without_a_problem(
    tmp_path: Path,
) -> None:
    """A cold draft's threads all store months at once into a cache file that does not
    exist yet; SQLite said "database is locked" to some, and the draft warned."""
    for trial in range(10):
        memo = MonthMemo(tmp_path / str(trial) / "activity.sqlite")
        start = threading.Barrier(8)

        def store(i: int, memo: MonthMemo = memo, start: threading.Barrier = start) -> None:
            start.wait()
            memo.put(f"month {i}", Collected())
            memo.get(f"month {i}")

        threads = [threading.Thread(target=store, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert memo.problem is None
        assert all(memo.get(f"month {i}") is not None for i in range(8))


def test_what_a_tag_reaches_since_a_date_is_what_git_lists(tmp_path: Path) -> None:
    """One walk per tag answers every month's ``rev-list --since``: a side branch, and a
    commit whose clock was a year behind cutting off what lies below it."""
    repo = GitRepo.init(tmp_path / "widget")
    repo.commit("Initial commit", date="2023-01-05T10:00:00Z")
    for month in range(2, 13):
        repo.commit(f"Work of month {month}", date=f"2023-{month:02}-10T10:00:00Z")
        if month == 6:
            repo.commit("Skewed clock", date="2022-06-01T10:00:00Z")
        if month == 8:
            repo.branch("side")
            repo.commit("Side work", date="2023-08-12T10:00:00Z")
            repo.checkout("main")
            repo.merge("side", "Merge branch 'side'", date="2023-08-20T10:00:00Z")
        if month % 3 == 0:
            repo.tag(f"v0.{month}.0")
    tags = [repo.head(f"v0.{m}.0") for m in (3, 6, 9, 12)] + [repo.head()]
    walks = SharedWalks()
    walks.plan(datetime(2023, 1, 1, tzinfo=UTC))
    sinces = [datetime(2023, m, d, tzinfo=UTC) for m in range(1, 13) for d in (1, 11)]
    for tip in tags:
        for since in sinces:
            assert walks.reach(repo.path, tip, since) == rev_list_since(repo.path, tip, since)
    # the skewed commit hides the history below it from a walk that starts above it
    spring = datetime(2023, 3, 1, tzinfo=UTC)
    assert tags[0] in walks.reach(repo.path, tags[0], spring)
    assert tags[0] not in walks.reach(repo.path, tags[-1], spring)
    # a bound below the plan's is read from git as before
    _, calls = traced(lambda: walks.reach(repo.path, tags[0], datetime(2022, 1, 1, tzinfo=UTC)))
    assert len(calls) == 1


def test_a_later_plan_reaching_further_back_still_reads_each_month_whole(repos: Path) -> None:
    fresh = {m: as_json(GitSource(repos, discover=False), m) for m in (JAN, JUNE)}
    source = GitSource(repos, discover=False)
    source.plan([Month(2024, 5), JUNE], UTC)
    assert as_json(source, JUNE) == fresh[JUNE]
    source.plan([Month(2023, 12), JAN], UTC)  # walks and scans made for June stop too soon
    assert as_json(source, JAN) == fresh[JAN]
    assert as_json(source, JUNE) == fresh[JUNE]
