"""Repositories nobody configured, active in the month, become "new project" sections
(issue 9): from the organization's search (GitHub) and from extra clones (git)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from clirun import run
from fake_github.fixtures import APRIL, FAST, april_world
from fake_github.server import TOKEN, FakeGitHub
from fake_github.world import Pull
from test_cli_git import CONFIG, make_repo
from thismonth.sources.github import _client

GITHUB_CONFIG = """
[newsletter]
organization = "rust-osdev"

[[projects]]
repo = "rust-osdev/x86_64"

[[projects]]
repo = "rust-osdev/uefi-rs"

[[projects]]
repo = "rust-osdev/multiboot2"
{policy}
"""


def github_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: str = "") -> str:
    monkeypatch.setattr(_client, "RetryPolicy", lambda: FAST)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    world = april_world()
    world.repo("rust-osdev/brand-new").add_pull(
        Pull(1, "Initial kernel", "newbie", APRIL + timedelta(days=3))
    )
    world.repo("rust-osdev/old-stuff", archived=True).add_pull(
        Pull(9, "Last words", "old", APRIL + timedelta(days=4))
    )
    world.repo("rust-osdev/forked", fork=True).add_pull(
        Pull(3, "Fork work", "forker", APRIL + timedelta(days=5))
    )
    (tmp_path / "thismonth.toml").write_text(GITHUB_CONFIG.format(policy=policy))
    with FakeGitHub(world) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        result = run("draft", "2022-04", "-o", "-", cwd=tmp_path)
        assert fake.invalid == [], fake.invalid[:1]
    assert result.code == 0, result.err
    assert "rust-osdev/brand-new" in result.err or "brand-new" not in result.out
    return result.out


def test_github_unconfigured_repository_is_a_new_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = github_draft(tmp_path, monkeypatch)
    lines = out.splitlines()
    heading = "### [`brand-new`](https://github.com/rust-osdev/brand-new) (new project!)"
    assert heading in lines
    note = lines[lines.index(heading) + 1]
    assert note.startswith("<!-- thismonth: new project: rust-osdev/brand-new")
    assert '[[projects]] repo = "rust-osdev/brand-new"' in note
    assert "- [Initial kernel](https://github.com/rust-osdev/brand-new/pull/1)" in out
    assert "old-stuff" not in out and "Last words" not in out  # archived
    assert "forked" not in out and "Fork work" not in out  # a fork


@pytest.mark.parametrize("pattern", ["rust-osdev/brand-*", "brand-new", "BRAND*"])
def test_github_excluded_repository_stays_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    out = github_draft(tmp_path, monkeypatch, f'\n[policy]\nexclude_repos = ["{pattern}"]\n')
    assert "brand-new" not in out and "Initial kernel" not in out


def test_git_unconfigured_clone_is_a_new_project(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    make_repo(tmp_path / "clones" / "alpha", [(1, "ann", "Alpha", "2022-04-02T10:00:00+00:00")])
    make_repo(tmp_path / "clones" / "beta", [(2, "bob", "Beta", "2022-04-03T10:00:00+00:00")])
    make_repo(tmp_path / "clones" / "gamma", [(3, "cy", "Gamma work", "2022-04-04T10:00:00+00:00")])
    make_repo(tmp_path / "clones" / "delta", [(4, "di", "Old", "2022-01-04T10:00:00+00:00")])
    (tmp_path / "clones" / "notes").mkdir()  # not a clone: ignored
    result = run("draft", "2022-04", "--repos", "clones", "-o", "-", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "### [`gamma`](https://github.com/tiny/gamma) (new project!)" in result.out
    assert "- [Gamma work](https://github.com/tiny/gamma/pull/3)" in result.out
    assert "tiny/gamma: active this month but not in the config" in result.err
    assert "delta" not in result.out  # nothing this month: no section
    (tmp_path / "thismonth.toml").write_text(CONFIG + '\n[policy]\nexclude_repos = ["gamma"]\n')
    result = run("draft", "2022-04", "--repos", "clones", "-o", "-", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "gamma" not in result.out


def test_git_unconfigured_clone_links_to_the_enterprise_host(tmp_path: Path) -> None:
    """On GitHub Enterprise a discovered clone's links go to the configured host too."""
    enterprise = CONFIG.replace(
        "[newsletter]\n", '[newsletter]\ngithub_url = "https://ghe.example.com"\n', 1
    )
    (tmp_path / "thismonth.toml").write_text(enterprise)
    make_repo(tmp_path / "clones" / "alpha", [(1, "ann", "Alpha", "2022-04-02T10:00:00+00:00")])
    make_repo(tmp_path / "clones" / "beta", [(2, "bob", "Beta", "2022-04-03T10:00:00+00:00")])
    make_repo(tmp_path / "clones" / "gamma", [(3, "cy", "Gamma work", "2022-04-04T10:00:00+00:00")])
    result = run("draft", "2022-04", "--repos", "clones", "-o", "-", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "### [`gamma`](https://ghe.example.com/tiny/gamma) (new project!)" in result.out
    assert "github.com/tiny/gamma" not in result.out
