"""``write_github_actions``: the draft and check workflows, valid YAML, never clobbered."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from thismonth.draft.actions import write_github_actions
from thismonth.errors import UsageError


def test_workflows_are_written_and_parse(tmp_path: Path) -> None:
    paths = write_github_actions(tmp_path)
    assert [p.name for p in paths] == [
        "thismonth-draft.yml",
        "thismonth-check.yml",
        "thismonth-watch.yml",
    ]
    draft = yaml.safe_load(paths[0].read_text())
    check = yaml.safe_load(paths[1].read_text())
    triggers = draft.get("on") or draft.get(True)  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"] == [{"cron": "0 6 1 * *"}]
    assert "workflow_dispatch" in triggers
    steps = "\n".join(s.get("run", "") for s in draft["jobs"]["draft"]["steps"])
    assert 'thismonth draft "$month"' in steps
    assert "gh pr create --head next" in steps
    assert ".thismonth/generated" in steps
    assert "${{ inputs.month }}" not in steps  # inputs reach the script through env only
    assert (check.get("on") or check.get(True)) == {"pull_request": {}}
    run = "\n".join(s.get("run", "") for s in check["jobs"]["check"]["steps"])
    assert "thismonth check --format github" in run
    assert "content/this-month/*/index.md" in run


def test_content_folder_follows_the_config(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text('[newsletter]\noutput = "posts/{month}.md"\n')
    paths = write_github_actions(tmp_path)
    assert "'posts/*/index.md'" in paths[1].read_text()


def test_existing_workflows_are_kept_unless_forced(tmp_path: Path) -> None:
    write_github_actions(tmp_path)
    path = tmp_path / ".github/workflows/thismonth-draft.yml"
    path.write_text("# mine\n")
    with pytest.raises(UsageError, match="already exists"):
        write_github_actions(tmp_path)
    assert path.read_text() == "# mine\n"
    write_github_actions(tmp_path, force=True)
    assert "thismonth draft" in path.read_text()


def test_the_watch_workflow_keeps_the_store_between_runs(tmp_path: Path) -> None:
    """Issue 14: feeds are read twice a week and the store travels in an Actions cache
    that the draft restores too."""
    paths = write_github_actions(tmp_path)
    watch = yaml.safe_load(paths[2].read_text())
    draft = yaml.safe_load(paths[0].read_text())
    assert (watch.get("on") or watch.get(True))["schedule"] == [{"cron": "0 5 * * 1,4"}]
    steps = watch["jobs"]["watch"]["steps"]
    assert any(s.get("run") == "thismonth watch" for s in steps)
    for job in (steps, draft["jobs"]["draft"]["steps"]):
        (cache,) = [s for s in job if s.get("uses") == "actions/cache@v4"]
        assert cache["with"]["path"] == ".thismonth/activity.sqlite"
        assert cache["with"]["restore-keys"] == "thismonth-store-"
