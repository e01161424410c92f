"""The README's first command on a fresh clone, and the demonstration organization it drafts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from clirun import run
from thismonth.app.demo import build_demo_org
from thismonth.months import Month

ROOT = Path(__file__).resolve().parents[1]


def readme_first_command() -> str:
    """The first line of the README's first ``sh`` block, without its comment."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no sh block"
    return block.group(1).splitlines()[0].split("#", 1)[0].strip()


def test_readme_first_command_drafts_a_month_on_a_clone_without_shared_data(tmp_path):
    command = readme_first_command()
    # The set-up half installs into .venv; here the copy reuses this checkout's .venv
    # (running pip in the copy would re-point the editable install), so run the rest.
    assert command.startswith("scripts/setup && "), command
    rest = command.removeprefix("scripts/setup && ")
    assert rest.startswith("scripts/demo "), rest
    copy = tmp_path / "fresh" / "thismonth"
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    shutil.copytree(ROOT / "examples", copy / "examples")
    (copy / ".venv").symlink_to(Path(sys.prefix))  # the environment running these tests
    assert not (copy.parent / "shared").exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["THISMONTH_SHARED"] = str(tmp_path / "nowhere")
    done = subprocess.run(
        ["bash", "-c", rest], cwd=copy, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    links = re.findall(r"\]\((https://github\.com/demo-osdev/\w+/pull/\d+)\)", done.stdout)
    assert len(links) >= 5, done.stdout
    assert done.stdout.startswith("+++\n")
    draft = copy / ".thismonth/demo/demo-osdev/content/this-month/2024-06/index.md"
    assert draft.read_text(encoding="utf-8") == done.stdout
    assert f"The draft is in {draft.relative_to(copy)}" in done.stderr
    assert "What to run next" in done.stderr
    assert "Traceback" not in done.stderr


def test_demo_org_shows_what_thismonth_handles(tmp_path):
    demo = build_demo_org(tmp_path / "demo", Month(2023, 2))
    got = run("draft", "2023-02", "--config", demo.config, "--repos", demo.repos, "--output", "-")
    assert got.code == 0, got.err
    out = got.out
    kernel = "https://github.com/demo-osdev/kernel"
    assert f"[Add a `PageTable::walk` helper]({kernel}/pull/41)" in out  # merge commit
    assert f"({kernel}/pull/42)" in out  # squash merge
    assert f"({kernel}/pull/43)" in out  # rebase merge: only the pull ref names it
    assert f"<!-- - [Bump bitflags from 2.5.0 to 2.6.0]({kernel}/pull/44) -->" in out
    assert "published as `demo-kernel v0.3.1`" in out
    assert "into the `next` branch" in out and f"({kernel}/pull/46)" in out
    thanks = [line for line in out.splitlines() if line.startswith("Thanks to")]
    assert thanks and all("@mia" not in line for line in thanks)  # the maintainer
    assert "@alice" in thanks[0] and "@carol" in thanks[0]
    # the clone no project names is drafted as a new project, and stderr says so
    assert "### [`tools`](https://github.com/demo-osdev/tools) (new project!)" in out
    assert "demo-osdev/tools: active this month but not in the config" in got.err


def test_demo_org_is_rebuilt_for_the_month_asked_with_its_own_config(tmp_path):
    root = tmp_path / "demo"
    first = build_demo_org(root, Month(2024, 6))
    first.config.write_text(first.config.read_text() + "# mine\n")
    again = build_demo_org(root, Month(2021, 1))
    assert "# mine" not in again.config.read_text()  # the demo's config is the demo's
    log = subprocess.run(
        ["git", "-C", str(again.repos / "kernel.git"), "log", "--format=%ad", "--date=short", "-1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.startswith("2021-01-")
    assert sorted(p.name for p in again.repos.iterdir()) == [
        "bootinfo.git",
        "kernel.git",
        "tools.git",
    ]
    assert not (root / ".repos.building").exists()


def test_editing_the_demo_draft_and_running_again_keeps_the_edit(tmp_path):
    root = tmp_path / "demo"
    demo = build_demo_org(root, Month(2024, 6))
    args = ("draft", "2024-06", "--config", demo.config, "--repos", demo.repos)
    assert run(*args).code == 0
    draft = root / "content/this-month/2024-06/index.md"
    text = draft.read_text(encoding="utf-8")
    edited = text.replace("A teaching kernel", "Our teaching kernel")
    assert edited != text
    draft.write_text(edited, encoding="utf-8")
    build_demo_org(root, Month(2024, 6))  # what scripts/demo does again
    again = run(*args)
    assert again.code == 0, again.err
    assert draft.read_text(encoding="utf-8") == edited
