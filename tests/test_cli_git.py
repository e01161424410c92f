"""The git path end to end through the CLI: clones in, a draft out, bad clones named."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo

CONFIG = """
[newsletter]
name = "Tiny"
organization = "tiny"
editors = ["ed"]

[[projects]]
repo = "tiny/alpha"
description = "Alpha does things."
maintainers = ["maint"]

[[projects]]
repo = "tiny/beta"
description = "Beta does other things."
"""


def make_repo(path: Path, prs: list[tuple[int, str, str, str]]) -> None:
    """A main branch with one GitHub merge commit per (number, login, title, date)."""
    repo = GitRepo.init(path)
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    for number, login, title, date in prs:
        repo.pull_request(
            number, title, login=login, author=(login, f"{login}@example.com"), date=date
        )


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    make_repo(
        tmp_path / "clones" / "alpha",
        [
            (1, "ann", "Add paging", "2022-04-02T10:00:00+00:00"),
            (2, "maint", "Fix [docs](x) <b>", "2022-04-03T10:00:00+00:00"),
            (3, "bob", "Too late", "2022-05-01T00:30:00+02:00"),
        ],
    )
    make_repo(
        tmp_path / "clones" / "beta", [(7, "carol", "Beta feature", "2022-04-20T10:00:00+00:00")]
    )
    return tmp_path


def test_draft_from_clones(newsletter: Path) -> None:
    result = run("draft", "2022-04", "--repos", "clones", cwd=newsletter)
    assert result.code == 0, result.err
    text = (newsletter / "content/this-month/2022-04/index.md").read_text()
    assert "- [Add paging](https://github.com/tiny/alpha/pull/1)" in text
    assert "- [Fix \\[docs\\](x) \\<b>](https://github.com/tiny/alpha/pull/2)" in text
    # merged 00:30 on May 1st in UTC+2 is April 30th in UTC
    assert "- [Too late](https://github.com/tiny/alpha/pull/3)" in text
    assert (
        "Thanks to [@ann](https://github.com/ann) and [@bob](https://github.com/bob) for their contributions!"
        in text
    )
    assert "- [Beta feature](https://github.com/tiny/beta/pull/7)" in text


def test_newsletter_timezone_moves_the_month_boundary(newsletter: Path) -> None:
    config = newsletter / "thismonth.toml"
    config.write_text(CONFIG.replace('editors = ["ed"]', 'editors = ["ed"]\ntimezone = "+02:00"'))
    result = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=newsletter)
    assert result.code == 0, result.err
    assert "Too late" not in result.out


def test_one_missing_clone_is_a_warning(newsletter: Path) -> None:
    import shutil

    shutil.rmtree(newsletter / "clones" / "beta")
    args = ("draft", "2022-04", "--repos", "clones", "--output", "-")
    result = run(*args, "--partial", cwd=newsletter)
    assert result.code == 0, result.err
    assert "warning:" in result.err and "tiny/beta" in result.err
    assert "Add paging" in result.out
    result = run(*args, cwd=newsletter)  # partial data is an error unless accepted
    assert result.code == 1
    assert "tiny/beta" in result.err.strip().splitlines()[-1]


def test_all_clones_missing_is_an_error_and_writes_nothing(newsletter: Path) -> None:
    (newsletter / "empty").mkdir()
    result = run("draft", "2022-04", "--repos", "empty", cwd=newsletter)
    assert result.code == 1
    assert not (newsletter / "content").exists()


@pytest.mark.parametrize("kind", ["not-a-repo", "empty", "shallow"])
def test_unusable_clones_are_named(newsletter: Path, kind: str) -> None:
    import shutil

    beta = newsletter / "clones" / "beta"
    if kind == "shallow":
        source = newsletter / "beta-origin"
        shutil.move(beta, source)
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", f"file://{source}", str(beta)], check=True
        )
    else:
        shutil.rmtree(beta)
        beta.mkdir()
        if kind == "empty":
            GitRepo.init(beta)
    result = run(
        "draft", "2022-04", "--repos", "clones", "--output", "-", "--partial", cwd=newsletter
    )
    assert result.code == 0, result.err
    warning = [line for line in result.err.splitlines() if "tiny/beta" in line]
    assert len(warning) == 1
    expected = {"not-a-repo": "not a git repository", "empty": "empty", "shallow": "shallow"}[kind]
    assert expected in warning[0]


def test_collect_one_repository(newsletter: Path) -> None:
    result = run("collect", newsletter / "clones" / "alpha", "--month", "2022-04", cwd=newsletter)
    assert result.code == 0, result.err
    assert result.out.startswith("We merged the following PRs this month:\n\n- [Add paging]")
    assert (
        "Thanks to [@ann](https://github.com/ann) and [@bob](https://github.com/bob)" in result.out
    )


def test_collect_on_a_path_that_is_not_a_repository(tmp_path: Path) -> None:
    result = run("collect", tmp_path, "--month", "2022-04", cwd=tmp_path)
    assert result.code == 1
    assert "not a git repository" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_until_lists_late_work_once(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    make_repo(
        tmp_path / "clones" / "alpha",
        [
            (1, "ann", "In April", "2022-04-12T10:00:00+00:00"),
            (2, "bob", "Early May", "2022-05-02T10:00:00+00:00"),
            (3, "cat", "Mid May", "2022-05-15T10:00:00+00:00"),
        ],
    )
    plain = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=tmp_path)
    assert "In April" in plain.out and "Early May" not in plain.out
    late = run(
        "draft", "2022-04", "--repos", "clones", "--until", "2022-05-03", "--partial", cwd=tmp_path
    )
    assert late.code == 0, late.err
    april = (tmp_path / "content/this-month/2022-04/index.md").read_text()
    assert "Early May" in april and "Mid May" not in april
    # May's issue leaves out what April's issue already listed
    may = run("draft", "2022-05", "--repos", "clones", "--output", "-", cwd=tmp_path)
    assert "Mid May" in may.out and "Early May" not in may.out


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("2022-04-20", "must be after the month 2022-04 ends"),
        ("2022-07-01", "at most a month after"),
    ],
)
def test_until_bounds(newsletter: Path, until: str, message: str) -> None:
    result = run("draft", "2022-04", "--repos", "clones", "--until", until, cwd=newsletter)
    assert result.code == 2
    assert message in result.err
