"""The git source's handling of clones: bare and working, locating, errors, many projects."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from gitrepo import GitRepo
from thismonth.config import ProjectConfig, load_config
from thismonth.errors import RepositoryError, SourceError
from thismonth.months import Month
from thismonth.sources.git import GitSource, locate_clone, project_for_path

MARCH = Month(2024, 3)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rust-osdev" / "thismonth.toml"


def project(name: str, **kwargs) -> ProjectConfig:
    return ProjectConfig(repo=f"rust-osdev/{name}", name=name, clone=name, **kwargs)


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    r = GitRepo.init(tmp_path / "origin" / "demo")
    r.commit("Initial", date="2024-01-05T10:00:00Z")
    r.branch("next")
    r.pull_request(3, "Into next", date="2024-03-03T10:00:00Z", base="next")
    r.checkout("main")
    r.pull_request(2, "Into main", date="2024-03-02T10:00:00Z")
    return r


def _clone(origin: GitRepo, target: Path, *args: str) -> Path:
    helper = GitRepo(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    helper.git("clone", "--quiet", *args, f"file://{origin.path}", str(target))
    return target


def test_bare_mirror_with_dot_git_suffix(origin: GitRepo, tmp_path: Path) -> None:
    mirror = _clone(origin, tmp_path / "repos" / "demo.git", "--mirror")
    proj = project("demo", dev_branches=["next"])
    assert locate_clone(tmp_path / "repos", proj) == mirror
    activity = GitSource(tmp_path / "repos").collect(proj, MARCH, UTC)
    assert sorted((p.number, p.base_branch) for p in activity.pulls) == [(2, "main"), (3, "next")]


def test_working_clone_reads_remote_branches(origin: GitRepo, tmp_path: Path) -> None:
    _clone(origin, tmp_path / "repos" / "demo")
    proj = project("demo", dev_branches=["next"])
    activity = GitSource(tmp_path / "repos").collect(proj, MARCH, UTC)
    assert sorted((p.number, p.base_branch) for p in activity.pulls) == [(2, "main"), (3, "next")]
    assert activity.warnings == []


def test_explicit_paths_override_the_folder(origin: GitRepo, tmp_path: Path) -> None:
    source = GitSource(None, paths={"rust-osdev/demo": origin.path})
    activity = source.collect(project("demo"), MARCH, UTC)
    assert [p.number for p in activity.pulls] == [2]


def test_missing_clone(tmp_path: Path) -> None:
    with pytest.raises(RepositoryError, match="no clone at") as info:
        GitSource(tmp_path).collect(project("absent"), MARCH, UTC)
    assert info.value.repo == "rust-osdev/absent"
    assert "\n" not in str(info.value)
    assert f"run `thismonth clone rust-osdev --into {tmp_path}` or `git clone --mirror" in str(
        info.value
    )


def test_missing_explicit_path(tmp_path: Path) -> None:
    source = GitSource(None, paths={"rust-osdev/demo": tmp_path / "nowhere"})
    with pytest.raises(RepositoryError, match="no clone at"):
        source.collect(project("demo"), MARCH, UTC)


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    with pytest.raises(RepositoryError, match="not a git repository"):
        GitSource(tmp_path).collect(project("plain"), MARCH, UTC)


def test_folder_inside_another_repository_is_not_a_repository(origin: GitRepo) -> None:
    inner = origin.path / "sub"
    inner.mkdir()
    with pytest.raises(RepositoryError, match="not a git repository"):
        GitSource(origin.path).collect(project("sub"), MARCH, UTC)


def test_empty_repository(tmp_path: Path) -> None:
    GitRepo.init(tmp_path / "empty")
    with pytest.raises(RepositoryError, match="empty repository"):
        GitSource(tmp_path).collect(project("empty"), MARCH, UTC)


def test_shallow_clone(origin: GitRepo, tmp_path: Path) -> None:
    _clone(origin, tmp_path / "repos" / "demo", "--depth", "1")
    with pytest.raises(RepositoryError, match=r"shallow clone.*--unshallow"):
        GitSource(tmp_path / "repos").collect(project("demo"), MARCH, UTC)


def test_missing_default_branch_warns_and_falls_back(origin: GitRepo) -> None:
    proj = project("demo", default_branch="trunk")
    activity = GitSource(origin.path.parent).collect(proj, MARCH, UTC)
    assert activity.default_branch == "main"
    assert [p.number for p in activity.pulls] == [2]
    assert any("default branch 'trunk' not found" in w for w in activity.warnings)


def test_no_way_to_tell_the_default_branch(tmp_path: Path) -> None:
    r = GitRepo.init(tmp_path / "odd", branch="one")
    r.commit("Initial", date="2024-01-01T10:00:00Z")
    r.branch("two")
    r.git("symbolic-ref", "HEAD", "refs/heads/missing")
    with pytest.raises(RepositoryError, match="set `default_branch`"):
        GitSource(tmp_path).collect(project("odd"), MARCH, UTC)


def test_collect_month_turns_failures_into_warnings(origin: GitRepo) -> None:
    source = GitSource(origin.path.parent)
    collected = source.collect_month([project("demo"), project("absent")], MARCH, UTC)
    assert list(collected.activities) == ["rust-osdev/demo"]
    assert len(collected.warnings) == 1 and "rust-osdev/absent" in collected.warnings[0]


def test_collect_month_fails_when_nothing_can_be_read(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no repository could be read"):
        GitSource(tmp_path).collect_month([project("a"), project("b")], MARCH, UTC)


def test_project_for_path_from_origin_url(origin: GitRepo, tmp_path: Path) -> None:
    clone = _clone(origin, tmp_path / "x86_64")
    GitRepo(clone).git("remote", "set-url", "origin", "git@github.com:rust-osdev/x86_64.git")
    proj = project_for_path(clone)
    assert proj.repo == "rust-osdev/x86_64"
    assert proj.url == "https://github.com/rust-osdev/x86_64"


def test_project_for_path_without_remote(origin: GitRepo) -> None:
    proj = project_for_path(origin.path)
    assert proj.repo == "local/demo"
    activity = GitSource(None, paths={proj.repo: origin.path}).collect(proj, MARCH, UTC)
    assert [p.number for p in activity.pulls] == [2]


def test_example_config_loads() -> None:
    config = load_config(EXAMPLE)
    assert len(config.projects) == 20
    assert config.newsletter.title == "This Month in Rust OSDev: {month_label}"
    uefi = config.project("rust-osdev/uefi-rs")
    assert uefi is not None
    assert {p.tag_prefix for p in uefi.packages} >= {"uefi-v", "uefi-raw-v"}
    x86 = config.project("rust-osdev/x86_64")
    assert x86 is not None and x86.dev_branches == ["next"]
    assert any(m.url and "orgs/rust-osdev/people" in m.url for m in x86.maintainers)


def test_working_clone_reads_what_was_fetched(origin: GitRepo, tmp_path: Path) -> None:
    clone = GitRepo(_clone(origin, tmp_path / "repos" / "demo"))
    origin.pull_request(4, "Merged after the clone", date="2024-03-20T10:00:00Z")
    clone.git("fetch", "--quiet", "origin")  # moves origin/main, not the local main
    activity = GitSource(tmp_path / "repos").collect(project("demo"), MARCH, UTC)
    assert sorted(p.number for p in activity.pulls) == [2, 4]
