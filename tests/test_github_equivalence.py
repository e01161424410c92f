"""The git and GitHub sources, built from the same history, draft the same Markdown.

One scenario is written twice: as a real git repository (tests/gitrepo.py, the way
GitHub records merges) and as the fake GitHub server's data, with the same numbers,
titles, authors, dates, tags and commits. Both go through compose and render.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fake_github.server import TOKEN, FakeGitHub
from fake_github.world import Commit, Pull, Tag, World
from gitrepo import ALICE, BOB, DEPENDABOT, GitRepo
from thismonth.app.pipeline import compose_and_render
from thismonth.config import parse_config
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.sources.github import GitHubSource, RetryPolicy
from thismonth.store import Store

MARCH = Month(2024, 3)
CAROL = ("Carol", "7+carol@users.noreply.github.com")
CONFIG = """
[newsletter]
name = "Rust OSDev"
organization = "rust-osdev"

[[projects]]
repo = "rust-osdev/demo"
description = "A demo crate."
maintainers = ["mia"]
dev_branches = ["next"]
"""


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def build(tmp_path: Path) -> tuple[Path, World]:
    """The same history twice: (folder of clones, fake GitHub data)."""
    world = World()
    fake = world.repo("rust-osdev/demo")
    git = GitRepo.init(tmp_path / "clones" / "demo")
    initial = git.commit("Initial commit", date="2024-01-05T10:00:00Z")
    git.tag("v0.1.0")
    fake.tags.append(Tag("v0.1.0", initial, when("2024-01-05T10:00:00Z")))
    git.branch("next")
    git.checkout("main")

    def pull(number, title, login, who, date, base="main", bot=False):
        sha = git.pull_request(number, title, login=login, author=who, date=date, base=base)
        author = who[0] if bot else login
        fake.add_pull(Pull(number, title, author, when(date), base=base, bot=bot, merge_commit=sha))
        return sha

    pull(11, "Older work", "alice", ALICE, "2024-02-20T10:00:00Z")
    pull(12, "Fix the thing", "alice", ALICE, "2024-03-03T10:00:00Z")
    pull(13, "Add a feature", "bob", BOB, "2024-03-05T10:00:00Z")
    pull(
        14,
        "Bump serde from 1.0.1 to 1.0.2",
        "rust-osdev",
        DEPENDABOT,
        "2024-03-06T10:00:00Z",
        bot=True,
    )
    released = git.head()
    git.tag("v0.2.0", released, message="v0.2.0", date="2024-03-07T10:00:00Z")
    fake.tags.append(
        Tag(
            "v0.2.0",
            released,
            when("2024-03-06T10:00:00Z"),
            tagger_date=when("2024-03-07T10:00:00Z"),
        )
    )
    next_merge = pull(15, "Next: new API", "carol", CAROL, "2024-03-08T10:00:00Z", base="next")
    topic = git.head("pr-15")
    git.checkout("next")
    direct = git.commit("Bump version for v0.3", author=BOB, date="2024-03-09T10:00:00Z")
    git.checkout("main")
    fake.branches["next"] = [
        Commit(topic, "Next: new API", when("2024-03-08T10:00:00Z"), "Carol", "carol", pull=15),
        Commit(
            next_merge,
            "Merge pull request #15 from carol/pr-15",
            when("2024-03-08T10:00:00Z"),
            "Mia Maintainer",
            None,
            pull=15,
        ),
        Commit(direct, "Bump version for v0.3", when("2024-03-09T10:00:00Z"), "Bob", "bob"),
    ]
    pull(16, "Late fix", "alice", ALICE, "2024-03-20T10:00:00Z")
    pull(17, "April work", "bob", BOB, "2024-04-02T10:00:00Z")
    return tmp_path / "clones", world


def test_git_and_github_sources_draft_the_same_month(tmp_path):
    clones, world = build(tmp_path)
    config = parse_config(CONFIG, tmp_path / "thismonth.toml")
    from_git = GitSource(clones).collect_month(config.projects, MARCH, config.tz())
    with FakeGitHub(world) as fake:
        source = GitHubSource(
            config,
            token=TOKEN,
            api_url=fake.url,
            store=Store(tmp_path / "cache.sqlite"),
            policy=RetryPolicy(base=0.01),
        )
        from_github = source.collect_month(config.projects, MARCH, config.tz())
        assert fake.invalid == []
    git_draft = compose_and_render(config, MARCH, from_git).markdown
    github_draft = compose_and_render(config, MARCH, from_github).markdown
    assert "Fix the thing" in git_draft and "v0.2.0" in git_draft
    assert "Bump version for v0.3" in git_draft
    assert github_draft == git_draft
