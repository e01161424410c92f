"""The CLI end to end: every bad input is one clear line and a non-zero status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo
from test_render import FIXTURES, load_case
from thismonth.config import load_config


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "render-basic" / "thismonth.toml", tmp_path / "thismonth.toml")
    doc, _ = load_case(FIXTURES / "render-basic")
    (tmp_path / "context.json").write_text(json.dumps(doc.to_json()))
    return tmp_path


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2022-13", "month '2022-13': month must be 01 to 12"),
        ("April", "month 'April': expected YYYY-MM"),
        ("2099-01", "month 2099-01: it has not started yet"),
    ],
)
def test_bad_months(newsletter: Path, month: str, message: str) -> None:
    result = run("draft", month, "--repos", newsletter, cwd=newsletter)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_missing_config(tmp_path: Path) -> None:
    result = run("draft", "2022-04", "--config", tmp_path / "nope.toml")
    assert result.code == 2
    assert "nope.toml: config file not found (run `thismonth init` to write one)" in result.err


def test_broken_config_lists_every_problem(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text('[newsletter]\nnme = "x"\n[[projects]]\nrepo = 3\n')
    result = run("draft", "2022-04", cwd=tmp_path)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 2
    assert "thismonth.toml:2: newsletter.nme: unknown key" in lines[0]
    assert "thismonth.toml:4: projects[0].repo: expected a string, got an integer" in lines[1]


def test_no_source_gives_a_hint(newsletter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")  # no `gh` to ask for a token
    result = run("draft", "2022-04", cwd=newsletter)
    assert result.code == 2
    assert "no source to read: pass --repos DIR" in result.err


def test_missing_repos_folder(newsletter: Path) -> None:
    result = run("draft", "2022-04", "--repos", newsletter / "nowhere", cwd=newsletter)
    assert result.code == 2
    assert "nowhere: no such folder" in result.err


def test_draft_from_context_writes_the_output_path(newsletter: Path) -> None:
    result = run("draft", "2022-04", "--from-context", "context.json", cwd=newsletter)
    assert result.code == 0, result.err
    written = newsletter / "content" / "this-month" / "2022-04" / "index.md"
    assert written.read_text() == (FIXTURES / "render-basic" / "expected-zola.md").read_text()
    assert "wrote content/this-month/2022-04/index.md" in result.err


def test_draft_to_stdout(newsletter: Path) -> None:
    result = run(
        "draft", "2022-04", "--from-context", "context.json", "--output", "-", cwd=newsletter
    )
    assert result.code == 0
    assert result.out.startswith("+++\ntitle = ")
    assert not (newsletter / "content").exists()


def test_bad_context_file(newsletter: Path) -> None:
    (newsletter / "bad.json").write_text("{}")
    result = run("draft", "2022-04", "--from-context", "bad.json", cwd=newsletter)
    assert result.code == 1
    assert "bad.json: not a document model saved with --context" in result.err


def test_init_writes_a_config_that_loads(tmp_path: Path) -> None:
    repos = tmp_path / "clones"
    for name, tags in (
        ("kernel", ["v0.1.0", "v0.2.0"]),
        ("uefi-rs", ["uefi-v0.1.0", "uefi-raw-v0.1.0", "uefi-raw-v0.2.0"]),
    ):
        path = repos / name
        repo = GitRepo.init(path)
        repo.commit("init")
        repo.git("remote", "add", "origin", f"https://github.com/example/{name}.git")
        repo.git("branch", "next")  # a development branch beside main, HEAD stays on main
        for tag in tags:
            repo.tag(tag)
    result = run("init", "--repos", repos, cwd=tmp_path)
    assert result.code == 0, result.err
    config = load_config(tmp_path / "thismonth.toml")
    assert config.newsletter.organization == "example"
    assert [p.repo for p in config.projects] == ["example/kernel", "example/uefi-rs"]
    kernel, uefi = config.projects
    assert kernel.default_branch == "main" and kernel.dev_branches == ["next"]
    assert [(p.name, p.tag_prefix) for p in kernel.packages] == [("kernel", "v")]
    # the crate named like the repository comes first, though uefi-raw has more tags
    assert [(p.name, p.tag_prefix) for p in uefi.packages] == [
        ("uefi", "uefi-v"),
        ("uefi-raw", "uefi-raw-v"),
    ]
    again = run("init", "--repos", repos, cwd=tmp_path)
    assert again.code == 2 and "already exists: pass --force" in again.err


def test_init_on_a_folder_without_clones(tmp_path: Path) -> None:
    result = run("init", "--repos", tmp_path, cwd=tmp_path)
    assert result.code == 2
    assert "no git clones in this folder" in result.err
