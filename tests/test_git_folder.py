"""The folder of clones: a clone no project names is reported, never silently skipped."""

from __future__ import annotations

from datetime import UTC

from gitrepo import GitRepo
from thismonth.config import ProjectConfig
from thismonth.months import Month
from thismonth.sources.git import GitSource


def test_clones_the_config_does_not_name_are_one_warning(tmp_path):
    for name in ("alpha", "beta", "gamma"):
        repo = GitRepo.init(tmp_path / name)
        repo.commit("Initial", date="2024-03-01T10:00:00+00:00")
    GitRepo.init(tmp_path / "delta.git", bare=True)
    (tmp_path / "notes").mkdir()  # not a clone: not reported
    (tmp_path / ".kernel.git.cloning").mkdir()  # thismonth clone at work
    (tmp_path / ".kernel.git.cloning" / "HEAD").write_text("ref: refs/heads/main\n")
    project = ProjectConfig(
        repo="o/alpha", name="alpha", clone="alpha", url="https://github.com/o/alpha"
    )
    got = GitSource(tmp_path, discover=False).collect_month([project], Month(2024, 3), UTC)
    assert "o/alpha" in got.activities
    unnamed = [w for w in got.warnings if "no [[projects]] entry" in w]
    assert unnamed == [
        f"{tmp_path}: 3 clones that no [[projects]] entry names, so not in the draft: "
        "beta, delta.git, gamma (add them to thismonth.toml to include them)"
    ]


def test_with_discovery_the_unnamed_clones_are_read_as_candidates(tmp_path):
    for name in ("alpha", "beta"):
        repo = GitRepo.init(tmp_path / name)
        repo.commit("Initial", date="2024-03-01T10:00:00+00:00")
    GitRepo.init(tmp_path / "delta.git", bare=True)  # empty: cannot be read
    project = ProjectConfig(
        repo="o/alpha", name="alpha", clone="alpha", url="https://github.com/o/alpha"
    )
    got = GitSource(tmp_path).collect_month([project], Month(2024, 3), UTC)
    assert set(got.discovered) == {"o/beta"}  # compose makes the active ones new projects
    assert any("delta" in w and "a clone no project names" in w for w in got.warnings)
