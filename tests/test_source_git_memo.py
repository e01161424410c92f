"""The git source remembers months in the activity cache, keyed by the clones' refs.

Learning reads a dozen past months per draft and editors re-draft often: a month whose
clones did not move is read back, with its warnings, and any moved ref reads it again.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo
from thismonth.config import ProjectConfig
from thismonth.months import Month
from thismonth.sources import git_run
from thismonth.sources.git import GitSource

MARCH = Month(2024, 3)


def project(name: str, **kwargs) -> ProjectConfig:
    return ProjectConfig(repo=f"rust-osdev/{name}", name=name, clone=name, **kwargs)


@pytest.fixture
def repos(tmp_path: Path) -> Path:
    r = GitRepo.init(tmp_path / "repos" / "demo")
    r.commit("Initial", date="2024-01-05T10:00:00Z")
    r.pull_request(2, "Into main", date="2024-03-02T10:00:00Z")
    return tmp_path / "repos"


def _git_calls(source: GitSource, projects: list[ProjectConfig], month: Month = MARCH):
    git_run.TRACE = []
    try:
        collected = source.collect_month(projects, month, UTC)
        return collected, [cmd[cmd.index("-C") + 2] for cmd, _, _ in git_run.TRACE]
    finally:
        git_run.TRACE = None


def test_an_unchanged_month_is_read_back_without_reading_history(
    repos: Path, tmp_path: Path
) -> None:
    cache = tmp_path / ".thismonth" / "activity.sqlite"
    projects = [project("demo", dev_branches=["gone"])]  # a branch that is missing: a warning
    first, calls = _git_calls(GitSource(repos, cache=cache), projects)
    assert "log" in calls
    assert [p.number for p in first.activities["rust-osdev/demo"].pulls] == [2]
    again, calls = _git_calls(GitSource(repos, cache=cache), projects)
    # only the refs are read, to see that nothing moved
    assert calls == ["for-each-ref"]
    assert again.activities["rust-osdev/demo"].to_json() == (
        first.activities["rust-osdev/demo"].to_json()
    )
    # what the first run said is said again
    assert any("'gone' not found" in w for w in again.activities["rust-osdev/demo"].warnings)


def test_a_moved_ref_reads_the_month_again(repos: Path, tmp_path: Path) -> None:
    cache = tmp_path / "activity.sqlite"
    projects = [project("demo")]
    GitSource(repos, cache=cache).collect_month(projects, MARCH, UTC)
    GitRepo(repos / "demo").pull_request(3, "Later work", date="2024-03-20T10:00:00Z")
    again, calls = _git_calls(GitSource(repos, cache=cache), projects)
    assert "log" in calls
    assert [p.number for p in again.activities["rust-osdev/demo"].pulls] == [2, 3]


def test_other_settings_are_other_entries(repos: Path, tmp_path: Path) -> None:
    cache = tmp_path / "activity.sqlite"
    GitSource(repos, cache=cache).collect_month([project("demo")], MARCH, UTC)
    _, calls = _git_calls(GitSource(repos, cache=cache), [project("demo")], Month(2024, 4))
    assert "log" in calls  # another month
    renamed = [project("demo", description="edited")]
    _, calls = _git_calls(GitSource(repos, cache=cache), renamed)
    assert "log" in calls  # another project setting


def test_a_failed_repository_is_not_remembered(repos: Path, tmp_path: Path) -> None:
    cache = tmp_path / "activity.sqlite"
    projects = [project("demo"), project("absent")]
    first = GitSource(repos, cache=cache).collect_month(projects, MARCH, UTC)
    assert "rust-osdev/absent" in first.failed
    second, calls = _git_calls(GitSource(repos, cache=cache), projects)
    assert "log" in calls
    assert "rust-osdev/absent" in second.failed


def test_an_unusable_cache_is_a_warning_not_a_failure(repos: Path, tmp_path: Path) -> None:
    cache = tmp_path / "activity.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    collected = GitSource(repos, cache=cache).collect_month([project("demo")], MARCH, UTC)
    assert [p.number for p in collected.activities["rust-osdev/demo"].pulls] == [2]
    assert any("activity cache" in w and "git read without it" in w for w in collected.warnings)


def test_a_damaged_entry_reads_the_clones_again(repos: Path, tmp_path: Path) -> None:
    cache = tmp_path / "activity.sqlite"
    GitSource(repos, cache=cache).collect_month([project("demo")], MARCH, UTC)
    db = sqlite3.connect(cache)
    db.execute('UPDATE memo SET data = \'{"activities": [{"repo": 1}]\'')
    db.commit()
    db.close()
    collected, calls = _git_calls(GitSource(repos, cache=cache), [project("demo")])
    assert "log" in calls
    assert [p.number for p in collected.activities["rust-osdev/demo"].pulls] == [2]
    assert any("stored month unreadable" in w for w in collected.warnings)


def test_the_cli_redraft_reads_the_cache(repos: Path, tmp_path: Path) -> None:
    config = tmp_path / "thismonth.toml"
    config.write_text(
        '[newsletter]\ntitle = "T"\norganization = "rust-osdev"\n'
        'output = "out/{month}.md"\n\n[[projects]]\nrepo = "rust-osdev/demo"\n'
    )
    args = ["draft", "2024-03", "--config", str(config), "--repos", str(repos), "--output", "-"]
    first = run(*args)
    assert first.code == 0, first.err
    assert (tmp_path / ".thismonth" / "activity.sqlite").is_file()
    git_run.TRACE = []
    try:
        second = run(*args)
        commands = [cmd[cmd.index("-C") + 2] for cmd, _, _ in git_run.TRACE]
    finally:
        git_run.TRACE = None
    assert second.code == 0
    assert second.out == first.out
    assert "log" not in commands


def test_a_longer_window_is_another_entry(repos: Path, tmp_path: Path) -> None:
    from datetime import datetime

    cache = tmp_path / "activity.sqlite"
    GitRepo(repos / "demo").pull_request(4, "Early April", date="2024-04-02T10:00:00Z")
    plain = GitSource(repos, cache=cache).collect_month([project("demo")], MARCH, UTC)
    longer = MARCH.with_until(datetime(2024, 4, 5, tzinfo=UTC).date(), UTC)
    stretched = GitSource(repos, cache=cache).collect_month([project("demo")], longer, UTC)
    assert [p.number for p in plain.activities["rust-osdev/demo"].pulls] == [2]
    assert [p.number for p in stretched.activities["rust-osdev/demo"].pulls] == [2, 4]
