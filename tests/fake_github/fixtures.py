"""pytest fixtures and builders shared by the tests of the GitHub source.

Import the fixtures into a test module: ``from fake_github.fixtures import fake, world``.
Every fake started here checks at teardown that no query broke GitHub's schema and no
REST payload left its OpenAPI description.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fake_github.server import TOKEN, FakeGitHub
from fake_github.world import Commit, Issue, Pull, Tag, World
from thismonth.config import Config, Package, ProjectConfig, default_config
from thismonth.sources.github import GitHubSource, RetryPolicy
from thismonth.store import Store

FAST = RetryPolicy(
    attempts=6, connect_attempts=2, base=0.01, cap=0.05, timeout=10, timeout_attempts=3
)
APRIL = datetime(2022, 4, 1, tzinfo=UTC)


def project(repo: str, **kw: object) -> ProjectConfig:
    short = repo.split("/")[1]
    return ProjectConfig(repo=repo, name=short, clone=short, url=f"https://github.com/{repo}", **kw)  # type: ignore[arg-type]


def config(org: str, projects: list[ProjectConfig], path: Path | None = None) -> Config:
    cfg = default_config()
    cfg.path = path
    cfg.newsletter.organization = org
    cfg.projects = projects
    return cfg


def source(fake: FakeGitHub, cfg: Config, store: Store | None = None, **kw: object) -> GitHubSource:
    kw.setdefault("policy", FAST)
    return GitHubSource(cfg, token=TOKEN, api_url=fake.url, store=store, **kw)  # type: ignore[arg-type]


def april_world() -> World:
    """A small org: x86_64 (tags, a bot, a dev branch), uefi-rs (workspace tags), and
    multiboot2 whose header crate's tags must not count as multiboot2's."""
    w = World()
    x = w.repo("rust-osdev/x86_64")
    x.add_pull(
        Pull(
            380,
            "Add `Cr3::write_pcid`",
            "alice",
            APRIL + timedelta(days=2, hours=3),
            labels=["enhancement"],
        )
    )
    x.add_pull(
        Pull(
            381,
            "Bump bitflags from 1.3.1 to 1.3.2",
            "dependabot[bot]",
            APRIL + timedelta(days=5),
            bot=True,
        )
    )
    x.add_pull(Pull(382, "Fix typo in docs", "bob", APRIL + timedelta(days=12)))
    x.add_pull(
        Pull(383, "Next: new page table API", "carol", APRIL + timedelta(days=14), base="next")
    )
    x.add_pull(Pull(379, "Merged in March", "alice", APRIL - timedelta(hours=1)))
    x.add_pull(Pull(384, "Merged in May", "alice", APRIL + timedelta(days=30, minutes=1)))
    x.tags += [
        Tag("v0.14.8", "t1", APRIL - timedelta(days=20)),
        Tag(
            "v0.14.9",
            "t2",
            APRIL + timedelta(days=10),
            tagger_date=APRIL + timedelta(days=10, hours=1),
        ),
        Tag("0.14.9", "t2", APRIL + timedelta(days=10)),
    ]
    x.issues.append(Issue(12, "Document the GDT", ["good first issue"], APRIL - timedelta(days=90)))
    x.issues.append(Issue(13, "A question", ["question"], APRIL - timedelta(days=9)))
    x.branches["next"] = [
        Commit("d" * 40, "Direct commit on next", APRIL + timedelta(days=3), "Dana", "dana"),
        Commit("e" * 40, "From a PR", APRIL + timedelta(days=14), "Carol", "carol", pull=383),
    ]
    m = w.repo("rust-osdev/multiboot2")
    m.add_pull(Pull(120, "multiboot2: new tag parser", "erin", APRIL + timedelta(days=20)))
    m.tags += [
        Tag("multiboot2-header-v0.2.0", "h1", APRIL + timedelta(days=21)),
        Tag("multiboot2-v0.14.0", "m1", APRIL - timedelta(days=40)),
    ]
    u = w.repo("rust-osdev/uefi-rs")
    u.add_pull(Pull(400, "uefi: add protocol", "frank", APRIL + timedelta(days=7)))
    u.tags += [
        Tag("uefi-v0.15.0", "u1", APRIL + timedelta(days=8)),
        Tag("uefi-macros-v0.6.0", "u2", APRIL + timedelta(days=8)),
        Tag("uefi-v0.14.0", "u0", APRIL - timedelta(days=60)),
    ]
    u.issues.append(Issue(5, "Help wanted: docs", ["help wanted", "docs"], APRIL))
    w.repo("rust-osdev/quiet")
    return w


def april_projects() -> list[ProjectConfig]:
    return [
        project("rust-osdev/x86_64", dev_branches=["next"]),
        project("rust-osdev/multiboot2", packages=[Package("multiboot2", "multiboot2-v")]),
        project(
            "rust-osdev/uefi-rs",
            packages=[Package("uefi", "uefi-v"), Package("uefi-macros", "uefi-macros-v")],
        ),
        project("rust-osdev/quiet"),
    ]


@pytest.fixture
def world() -> World:
    return april_world()


@pytest.fixture
def fake(world: World) -> Iterator[FakeGitHub]:
    with FakeGitHub(world) as server:
        yield server
        assert server.invalid == [], server.invalid[:3]
