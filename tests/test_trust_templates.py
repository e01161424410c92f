"""A newsletter's own template that fails: one line naming the template file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo

CONFIG = """
[newsletter]
name = "Tiny"
organization = "tiny"
templates = "tpl"

[[projects]]
repo = "tiny/alpha"
"""


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    (tmp_path / "tpl").mkdir()
    repo = GitRepo.init(tmp_path / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    repo.pull_request(1, "Add paging", date="2022-04-02T10:00:00+00:00")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("ok\n{{ p.no_such_field }}\n", "no_such_field"),
        ("ok\n\n{{ p.name + 1 }}\n", "collect.md.j2:3: template error"),
        ("{% for x in %}\n", "collect.md.j2:1: template error: Expected an expression"),
    ],
)
def test_project_template_error_is_one_line(newsletter: Path, body: str, words: str) -> None:
    (newsletter / "tpl" / "collect.md.j2").write_text(body)
    result = run("collect", "clones/alpha", "--month", "2022-04", cwd=newsletter)
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "collect.md.j2:" in lines[0] and "template error" in lines[0] and words in lines[0]
    assert result.out == ""


def test_issue_project_template_error_names_its_line(newsletter: Path) -> None:
    (newsletter / "tpl" / "project.md.j2").write_text("### {{ p.name }}\n\n{{ p.name / 2 }}\n")
    result = run("draft", "2022-04", "--repos", "clones", "-o", "-", cwd=newsletter)
    assert result.code == 1
    assert "project.md.j2:3: template error" in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
