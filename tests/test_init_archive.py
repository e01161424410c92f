"""``thismonth init --archive``: a working config learned from the published issues."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from archive_fixtures import NEW_STYLE, OLD_STYLE, issue, write
from clirun import run
from gitrepo import GitRepo
from thismonth.compose import build_issue
from thismonth.config import load_config
from thismonth.months import Month
from thismonth.render import render_issue


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "site" / "content" / "this-month"
    write(folder, "2020-04/index.md", issue(OLD_STYLE, "April 2020"))
    latest = issue(NEW_STYLE, "June 2024").replace(
        "Welcome to a new issue", 'Welcome {braces} "quoted" \\ to a new issue'
    )
    write(folder, "2024-06/index.md", latest)
    return folder


def test_init_from_archive_writes_the_newsletter_as_published(tmp_path: Path, archive: Path):
    target = tmp_path / "site" / "thismonth.toml"
    result = run("init", "--archive", archive, "--config", target)
    assert result.code == 0, result.err
    assert "2 projects" in result.err
    config = load_config(target)
    assert config.newsletter.name == "Demo" and config.newsletter.organization == "demo"
    assert config.newsletter.title == "This Month in Demo: {month_label}"
    assert config.newsletter.editors == ["alice"] and config.newsletter.editors_key == "editors"
    assert config.newsletter.output == "content/this-month/{month}/index.md"
    assert config.newsletter.intro.startswith('Welcome {{braces}} "quoted" \\ to a new issue')
    assert [p.repo for p in config.projects] == ["demo/widget", "demo/gadget"]
    widget = config.projects[0]
    assert widget.name == "widget" and widget.description == "The `widget` crate does widgets."
    assert [(m.login, m.url) for m in widget.maintainers] == [
        ("alice", None),
        ("bob", "https://github.com/orgs/demo/people/bob"),
    ]
    assert widget.dev_branches == ["next"]
    assert [(s.heading, s.kind, s.commented) for s in config.newsletter.sections] == [
        ("Announcements", "text", False),
        ("`demo` Projects", "projects", False),
        ("Call for Participation", "text", True),
        ("Other Projects", "other-projects", False),
        ("Join Us?", "closing", False),
    ]
    assert config.newsletter.sections[0].template.startswith("Please follow this template")
    # The config drafts: the sections come out in the archive's order, texts as written.
    doc = build_issue(config, Month(2024, 7), {})
    text = render_issue(doc, config)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Announcements",
        "## `demo` Projects",
        "## Call for Participation",  # inside its comment, below
        "## Other Projects",
        "## Join Us?",
    ]
    assert "<!--\n## Call for Participation\n\nPick up one of these issues.\n-->" in text
    assert 'Welcome {braces} "quoted" \\ to a new issue' in text
    assert 'month = "July 2024"\neditors = ["alice"]' in text


def test_authors_flavour_is_kept(tmp_path: Path):
    folder = tmp_path / "archive"
    write(folder, "2020-04.md", issue(OLD_STYLE, "April 2020"))
    target = tmp_path / "thismonth.toml"
    assert run("init", "--archive", folder, "--config", target).code == 0
    config = load_config(target)
    assert config.newsletter.editors_key == "authors" and config.newsletter.heading_style == "code"
    assert config.newsletter.output.endswith("archive/{month}.md")
    doc = build_issue(config, Month(2020, 5), {})
    assert 'authors = ["alice", "zed"]' in render_issue(doc, config)


def _clone(path: Path, repo: str) -> GitRepo:
    clone = GitRepo.init(path)
    clone.git("remote", "add", "origin", f"https://github.com/{repo}")
    clone.commit("Initial", date="2024-01-01T00:00:00+00:00")
    return clone


def test_init_with_repos_learns_logins_and_reports_gaps(tmp_path: Path, archive: Path):
    clones = tmp_path / "clones"
    widget = _clone(clones / "widget", "demo/widget")
    # Carol squash-merged from a personal address: git knows only her name.
    widget.commit(
        "Add a knob (#11)",
        author=("Carol Singer", "carol@home.example"),
        date="2024-06-03T10:00:00+00:00",
    )
    widget.commit(
        "feat: twist (#12)",
        author=("Dave", "5+dave@users.noreply.github.com"),
        date="2024-06-04T10:00:00+00:00",
    )
    _clone(clones / "spare", "demo/spare")
    target = tmp_path / "thismonth.toml"
    result = run("init", "--archive", archive, "--repos", clones, "--config", target)
    assert result.code == 0, result.err
    assert "demo/gadget: no clone under" in result.err
    assert "demo/spare has no section in the archive" in result.err
    data = tomllib.loads(target.read_text())
    assert data["policy"]["logins"] == {"Carol Singer": "carol"}
    config = load_config(target)
    assert [p.repo for p in config.projects] == ["demo/widget", "demo/gadget", "demo/spare"]
    assert config.projects[0].default_branch == "main"


def test_bad_archive_is_one_line_and_writes_nothing(tmp_path: Path):
    target = tmp_path / "thismonth.toml"
    result = run("init", "--archive", tmp_path / "nope", "--config", target)
    assert result.code == 2 and "no such folder" in result.err and not target.exists()
    empty = tmp_path / "empty"
    write(empty, "2024-06.md", "+++\ntitle = 'x'\n+++\n<!-- open\n")
    result = run("init", "--archive", empty, "--config", target)
    assert result.code == 1 and not target.exists()
    assert "2024-06.md:4: damaged Markdown" in result.err
    assert len(result.err.strip().splitlines()) == 1
    target.write_text("keep me")
    write(empty, "2024-05.md", issue(OLD_STYLE, "May 2024"))
    result = run("init", "--archive", empty, "--config", target)
    assert result.code == 2 and "--force" in result.err and target.read_text() == "keep me"


def test_yaml_archive_and_a_damaged_issue_among_many(tmp_path: Path):
    from archive_fixtures import YAML_STYLE

    folder = tmp_path / "issues"
    write(folder, "2024-04.md", issue(YAML_STYLE, "April 2024"))
    bad = write(
        folder, "2024-05.md", issue(YAML_STYLE, "May 2024").replace("title:", "title: [", 1)
    )
    target = tmp_path / "thismonth.toml"
    result = run("init", "--archive", folder, "--config", target)
    assert result.code == 0, result.err
    assert f"warning: {bad}:" in result.err and ": front matter:" in result.err
    assert "(issue skipped)" in result.err
    config = load_config(target)
    assert config.newsletter.front_matter == "hugo" and config.newsletter.editors == ["alice"]
    assert [p.repo for p in config.projects] == ["demo/widget"]
    doc = build_issue(config, Month(2024, 6), {})
    assert render_issue(doc, config).startswith("---\ntitle: 'This Month in Demo: June 2024'")
