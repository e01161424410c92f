# ruff: noqa: F811
"""``thismonth clone``: the listing from the fake GitHub, local bare repositories as remotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from fake_github.fixtures import fake  # noqa: F401
from fake_github.server import TOKEN
from fake_github.world import World
from gitrepo import ALICE, BOB, GitRepo
from thismonth.sources.git_mirror import PULL_REFSPEC, Credentials

NAMES = ("kernel", "tools", "old", "forked", ".github")


@pytest.fixture
def world() -> World:
    w = World()
    w.repo("acme/kernel")
    w.repo("acme/tools")
    w.repo("acme/old", archived=True)
    w.repo("acme/forked", fork=True)
    w.repo("acme/.github")  # the organization's profile: a dot, yet a repository like others
    return w


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bare remotes for each repository, each with a merged PR and its pull ref."""
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    remotes = tmp_path / "remotes"
    for name in NAMES:
        work = GitRepo.init(tmp_path / "work" / name)
        work.commit("Initial", date="2024-05-01T10:00:00+00:00")
        work.pull_request(1, f"First change to {name}", date="2024-05-03T10:00:00+00:00")
        GitRepo.init(remotes / f"{name}.git", bare=True)
        push(work, remotes / f"{name}.git")
    return remotes


def push(work: GitRepo, remote: Path, *refs: str) -> None:
    specs = refs or ("+refs/heads/*:refs/heads/*", "+refs/pull/*:refs/pull/*")
    work.git("push", "--quiet", str(remote), *specs)


def clone(fake, into: Path, remotes: Path, *extra: str):
    return run(
        "clone", "acme", "--into", into, "--api-url", fake.url,
        "--clone-url", f"{remotes}/{{name}}.git", *extra,
    )  # fmt: skip


def refs(path: Path) -> set[str]:
    return set(GitRepo(path).git("for-each-ref", "--format=%(refname)").split())


def test_second_run_fetches_only_the_new_pull_ref(fake, org, tmp_path):
    into = tmp_path / "clones"
    first = clone(fake, into, org)
    assert first.code == 0, first.err
    assert sorted(p.name for p in into.iterdir()) == [".github.git", "kernel.git", "tools.git"]
    kernel = into / "kernel.git"
    assert {"refs/heads/main", "refs/pull/1/head"} <= refs(kernel)
    assert GitRepo(kernel).git("symbolic-ref", "HEAD") == "refs/heads/main"
    assert "kernel: cloned into" in first.err
    marker = kernel / "objects" / "marker"
    marker.write_text("the first run's clone")

    work = GitRepo(tmp_path / "work" / "kernel")
    work.branch("pr-2", "main")
    work.commit("Second change", author=BOB, date="2024-05-09T10:00:00+00:00")
    work.update_ref("refs/pull/2/head", work.head())
    push(work, org / "kernel.git", "refs/pull/2/head:refs/pull/2/head")

    second = clone(fake, into, org)
    assert second.code == 0, second.err
    assert "kernel: 1 new (refs/pull/2/head)" in second.err
    assert "tools: up to date" in second.err
    assert "cloned" not in second.err
    assert marker.exists()  # fetched into the same clone, not cloned again
    assert "refs/pull/2/head" in refs(kernel)


def test_archived_repositories_and_forks_are_left_out_unless_asked(fake, org, tmp_path):
    into = tmp_path / "clones"
    got = clone(fake, into, org)
    assert "left out acme/old: archived (--archived includes it)" in got.err
    assert "left out acme/forked: a fork (--forks includes it)" in got.err
    both = clone(fake, into, org, "--archived", "--forks")
    assert both.code == 0, both.err
    assert sorted(p.name for p in into.iterdir()) == [
        ".github.git",
        "forked.git",
        "kernel.git",
        "old.git",
        "tools.git",
    ]


def test_a_failing_repository_is_a_warning_and_the_others_proceed(fake, org, tmp_path):
    (org / "tools.git").rename(org / "moved.git")
    into = tmp_path / "clones"
    got = clone(fake, into, org)
    assert got.code == 0, got.err
    assert "warning: tools: git fetch failed" in got.err
    assert "2 clones up to date, 1 failed" in got.err
    assert sorted(p.name for p in into.iterdir()) == [
        ".github.git",
        "kernel.git",
    ]  # nothing half-made


def test_update_refreshes_existing_clones_without_the_api(fake, org, tmp_path, monkeypatch):
    into = tmp_path / "clones"
    assert clone(fake, into, org).code == 0
    # A working clone the user made by hand, without pull refs: --update adds them.
    hand = GitRepo(into)
    hand.git("clone", "--quiet", str(org / "old.git"), "old")
    monkeypatch.delenv("GITHUB_TOKEN")
    work = GitRepo(tmp_path / "work" / "tools")
    work.pull_request(2, "Another tool", author=ALICE, date="2024-05-10T10:00:00+00:00")
    push(work, org / "tools.git")
    got = run("clone", "--update", into)
    assert got.code == 0, got.err
    assert (
        "tools: 2 new (refs/heads/pr-2, refs/pull/2/head); 1 updated (refs/heads/main)" in got.err
    )
    assert "kernel: up to date" in got.err
    assert "old: 1 new (refs/pull/1/head)" in got.err
    assert PULL_REFSPEC in GitRepo(into / "old").git("config", "--get-all", "remote.origin.fetch")
    assert fake.requests == 1  # the first run's listing only


def test_the_token_stays_out_of_config_and_output(fake, org, tmp_path, monkeypatch):
    # The default clone URL is the API's (https://github.com/acme/NAME.git); git's own
    # url.insteadOf sends it to the local remotes, as a mirror would.
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(f'[url "{org}/"]\n\tinsteadOf = https://github.com/acme/\n')
    monkeypatch.setenv("HOME", str(home))
    into = tmp_path / "clones"
    got = run("clone", "acme", "--into", into, "--api-url", fake.url)
    assert got.code == 0, got.err
    config = (into / "kernel.git" / "config").read_text()
    assert "url = https://github.com/acme/kernel.git" in config
    assert TOKEN not in config and "extraheader" not in config.lower()
    assert TOKEN not in got.err + got.out


def test_credentials_go_only_to_the_api_host_over_https():
    creds = Credentials("github.com", TOKEN)
    env = creds.env_for("https://github.com/acme/kernel.git")
    assert env["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraHeader"
    assert TOKEN not in env["GIT_CONFIG_VALUE_0"]  # base64, yet scrubbed below
    assert creds.scrub(env["GIT_CONFIG_VALUE_0"]) == "Authorization: Basic ***"
    assert creds.env_for("http://github.com/acme/kernel.git") == {}
    assert creds.env_for("https://mirror.example.com/acme/kernel.git") == {}
    assert creds.env_for("/srv/git/kernel.git") == {}
    assert TOKEN not in repr(creds)


def test_bad_usage_is_one_line(fake, org, tmp_path):
    unknown = run("clone", "nobody", "--into", tmp_path / "x", "--api-url", fake.url)
    assert unknown.code == 1
    assert "GitHub has no organization or user 'nobody'" in unknown.err
    assert run("clone", "acme").code == 2
    assert run("clone", "--update", tmp_path / "missing").code == 2
    bad = clone(fake, tmp_path / "y", org, "--clone-url", "https://example.com/x.git")
    assert bad.code == 2 and "{name}" in bad.err


def test_listing_pages_through_many_repositories_with_valid_queries(tmp_path):
    from fake_github.schemas import query_errors
    from fake_github.server import FakeGitHub
    from thismonth.sources.github import list_repositories
    from thismonth.sources.github._repos import OWNER_REPOS

    assert query_errors(OWNER_REPOS) == []
    w = World()
    for i in range(130):
        w.repo(f"big/r{i:03d}", archived=i % 10 == 0)
    with FakeGitHub(w) as server:
        repos = list_repositories("big", token=TOKEN, api_url=server.url)
        assert server.requests == 2  # pages of 100
    assert [r.name for r in repos] == [f"r{i:03d}" for i in range(130)]
    assert sum(r.archived for r in repos) == 13
    assert repos[0].url == "https://github.com/big/r000" and repos[0].default_branch == "main"


def test_when_every_repository_fails_it_is_an_error_after_the_reasons(fake, org, tmp_path):
    into = tmp_path / "clones"
    got = clone(fake, into, tmp_path / "nowhere")
    assert got.code == 1
    assert got.err.count("warning: ") == 3  # .github, kernel, tools: each with its reason
    assert "not one repository could be cloned or fetched" in got.err
    assert list(into.iterdir()) == []
