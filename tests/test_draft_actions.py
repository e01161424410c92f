"""``write_github_actions``: the draft and check workflows, valid YAML, never clobbered."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from clirun import run
from thismonth.draft.actions import write_github_actions
from thismonth.errors import UsageError

PIN = "git+https://github.com/example/thismonth@v0.1.0"


def test_workflows_are_written_and_parse(tmp_path: Path) -> None:
    paths = write_github_actions(tmp_path, install=PIN)
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
    paths = write_github_actions(tmp_path, install=PIN)
    assert "'posts/*/index.md'" in paths[1].read_text()


def test_existing_workflows_are_kept_unless_forced(tmp_path: Path) -> None:
    write_github_actions(tmp_path, install=PIN)
    path = tmp_path / ".github/workflows/thismonth-draft.yml"
    path.write_text("# mine\n")
    with pytest.raises(UsageError, match="already exists"):
        write_github_actions(tmp_path, install=PIN)
    assert path.read_text() == "# mine\n"
    write_github_actions(tmp_path, force=True, install=PIN)
    assert "thismonth draft" in path.read_text()


def test_the_watch_workflow_keeps_the_store_between_runs(tmp_path: Path) -> None:
    """Issue 14: feeds are read twice a week and the store travels in an Actions cache
    that the draft restores too."""
    paths = write_github_actions(tmp_path, install=PIN)
    watch = yaml.safe_load(paths[2].read_text())
    draft = yaml.safe_load(paths[0].read_text())
    assert (watch.get("on") or watch.get(True))["schedule"] == [{"cron": "0 5 * * 1,4"}]
    steps = watch["jobs"]["watch"]["steps"]
    assert any(s.get("run") == "thismonth watch" for s in steps)
    for job in (steps, draft["jobs"]["draft"]["steps"]):
        (cache,) = [s for s in job if s.get("uses") == "actions/cache@v4"]
        assert cache["with"]["path"] == ".thismonth/activity.sqlite"
        assert cache["with"]["restore-keys"] == "thismonth-store-"


# ---------------------------------------------------------------- actionlint, install

ROOT = Path(__file__).resolve().parent.parent
ACTIONLINT = ROOT / "scripts" / "actionlint"


def _actionlint_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (actionlint runs as WebAssembly under node)"
    if not (ROOT / "vendor" / "actionlint" / "main.wasm").is_file():
        return "actionlint is not fetched: run scripts/fetch-actionlint (scripts/setup does)"
    return None


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    missing = _actionlint_missing()
    if missing:
        if os.environ.get("THISMONTH_REQUIRE_TOOLS"):
            pytest.fail(f"CI must run actionlint: {missing}")
        pytest.skip(missing)
    pinned = write_github_actions(tmp_path / "a", install=PIN)
    (tmp_path / "b" / "tools" / "thismonth").mkdir(parents=True)
    (tmp_path / "b" / "tools" / "thismonth" / "pyproject.toml").write_text("[project]\n")
    local = write_github_actions(tmp_path / "b", install="./tools/thismonth")
    # ...and a workflow actionlint must reject, to show it really ran.
    bad = tmp_path / "bad.yml"
    bad.write_text(pinned[1].read_text().replace("runs-on:", "runs_on:"))
    done = subprocess.run(
        [str(ACTIONLINT), *map(str, [*pinned, *local, bad])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    problems = done.stdout.splitlines()
    assert problems and all(line.startswith(f"{bad}:") for line in problems), done.stdout
    assert any("runs_on" in line for line in problems)


def test_workflows_install_what_was_named(tmp_path: Path) -> None:
    (tmp_path / "tools" / "thismonth").mkdir(parents=True)
    (tmp_path / "tools" / "thismonth" / "pyproject.toml").write_text("[project]\n")
    for spec, expected in ((PIN, PIN), ("tools/thismonth", "./tools/thismonth")):
        paths = write_github_actions(tmp_path, install=spec, force=True)
        for path in paths:
            steps = next(iter(yaml.safe_load(path.read_text())["jobs"].values()))["steps"]
            install = next(s for s in steps if s.get("name") == "Install thismonth")
            assert install["env"] == {"THISMONTH": expected}
            assert "pip install thismonth" not in path.read_text()  # not on PyPI


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("git+https://github.com/example/thismonth", "pin a tag or commit"),
        ("git+https://me:secret@github.com/example/thismonth@v1", "credentials"),
        ("https://example.com/thismonth.tar.gz", "not on PyPI"),
        ("../elsewhere", "inside the repository"),
        ("tools/missing", "no pyproject.toml"),
    ],
)
def test_bad_install_specs_are_one_line(tmp_path: Path, spec: str, words: str) -> None:
    result = run("init", "--github-actions", "--install", spec, cwd=tmp_path)
    assert result.code == 2 and words in result.err
    assert "secret" not in result.err
    assert not (tmp_path / ".github").exists()


def test_default_install_is_the_checkout_this_thismonth_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thismonth.draft import actions

    record = '{"url": "https://github.com/example/thismonth", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}'

    class Dist:
        def read_text(self, name: str) -> str:
            return record

    monkeypatch.setattr(actions.metadata, "distribution", lambda name: Dist())
    assert actions.install_spec(tmp_path) == "git+https://github.com/example/thismonth@abc123"
    record = '{"url": "file:///nowhere/at/all", "dir_info": {"editable": true}}'
    with pytest.raises(UsageError, match="not on PyPI"):
        actions.install_spec(tmp_path)
