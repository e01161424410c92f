"""Snapshots: export a month, draft it offline, refuse broken files in one line."""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from clirun import run
from fake_github.fixtures import april_projects, april_world, config, source
from fake_github.server import TOKEN, FakeGitHub
from thismonth.errors import SourceError, UsageError
from thismonth.months import Month
from thismonth.sources.snapshot import SnapshotSource, export_snapshot

MONTH = Month(2022, 4)


@pytest.fixture
def collected():
    projects = april_projects()
    with FakeGitHub(april_world()) as fake:
        return source(fake, config("rust-osdev", projects)).collect_month(projects, MONTH, UTC)


def test_round_trip(collected, tmp_path):
    path = tmp_path / "april.json"
    export_snapshot(collected, MONTH, path)
    again = SnapshotSource(path).collect_month(april_projects(), MONTH, UTC)
    assert again.activities == collected.activities
    assert json.loads(path.read_text())["month"] == "2022-04"
    assert not list(tmp_path.glob(".*tmp"))  # atomic: no temporary file left


def test_only_the_projects_asked_for(collected, tmp_path):
    path = tmp_path / "april.json"
    export_snapshot(collected, MONTH, path)
    got = SnapshotSource(path).collect_month(april_projects()[:1], MONTH, UTC)
    assert list(got.activities) == ["rust-osdev/x86_64"]


def test_another_month_is_a_usage_error(collected, tmp_path):
    path = tmp_path / "april.json"
    export_snapshot(collected, MONTH, path)
    with pytest.raises(UsageError, match="holds 2022-04, not 2022-05"):
        SnapshotSource(path).collect_month([], Month(2022, 5), UTC)


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (None, UsageError, "no such file"),
        ("{not json", SourceError, "not JSON"),
        ('{"format": "other"}', SourceError, "not a thismonth snapshot"),
        ('{"format": "thismonth-snapshot", "version": 99}', SourceError, "version 99"),
        (
            '{"format": "thismonth-snapshot", "version": 1, "month": "2022-04", "activities": [{}]}',
            SourceError,
            "malformed record",
        ),
    ],
)
def test_bad_files_fail_in_one_line(tmp_path, content, error, words):
    path = tmp_path / "s.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(error) as err:
        SnapshotSource(path).collect_month([], MONTH, UTC)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_cli_export_then_draft_offline_gives_the_same_draft(tmp_path, monkeypatch):
    (tmp_path / "thismonth.toml").write_text(
        '[newsletter]\nname = "Rust OSDev"\norganization = "rust-osdev"\n\n'
        '[[projects]]\nrepo = "rust-osdev/x86_64"\ndev_branches = ["next"]\n\n'
        '[[projects]]\nrepo = "rust-osdev/uefi-rs"\n'
    )
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with FakeGitHub(april_world()) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        online = run("draft", "2022-04", "--source", "github", "-o", "-", cwd=tmp_path)
        exported = run("snapshot", "export", "2022-04", "-o", "april.json", cwd=tmp_path)
        assert fake.invalid == []
    assert online.code == 0, online.err
    assert exported.code == 0, exported.err
    assert "wrote april.json (2 repositories" in exported.err
    offline = run("draft", "2022-04", "--source", "snapshot:april.json", "-o", "-", cwd=tmp_path)
    assert offline.code == 0, offline.err
    assert offline.out == online.out
    assert "Cr3::write_pcid" in online.out


def test_cli_cache_info_and_clear(tmp_path, monkeypatch):
    (tmp_path / "thismonth.toml").write_text(
        '[newsletter]\norganization = "rust-osdev"\n[[projects]]\nrepo = "rust-osdev/x86_64"\n'
    )
    assert "no cache yet" in run("cache", "info", cwd=tmp_path).out
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with FakeGitHub(april_world()) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        assert run("draft", "2022-04", "-o", "-", cwd=tmp_path).code == 0
    info = run("cache", "info", cwd=tmp_path)
    assert info.code == 0 and "2022-04: complete" in info.out
    assert ".thismonth/activity.sqlite" in info.out
    cleared = run("cache", "clear", cwd=tmp_path)
    assert cleared.code == 0 and "cleared" in cleared.err
    assert "2022-04" not in run("cache", "info", cwd=tmp_path).out
