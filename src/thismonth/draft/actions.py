"""GitHub Actions workflows for the newsletter's repository (``thismonth init --github-actions``).

Two workflows, as the rust-osdev editors work:

- ``thismonth-draft.yml``: on the 1st of each month (and by hand), draft the month that
  just ended on the ``next`` branch, commit the issue and the merge base
  (``.thismonth/generated/``), and open a pull request into the default branch if none
  is open. Re-running it mid-month re-drafts: people's edits on ``next`` stay.
- ``thismonth-check.yml``: on every pull request, ``thismonth check`` the issue files the
  PR touches, as annotations on the diff.
- ``thismonth-watch.yml``: twice a week, ``thismonth watch`` reads the sections' feeds so
  the store remembers entries that short feeds drop (issue 14).

The store (``.thismonth/``) travels between runs in an Actions cache, not in a commit: it
is a binary SQLite file that also holds the API cache, and committing it weekly would
grow the history by a binary blob per run and conflict with the draft branch. A cache
not used for 7 days is evicted, so the watch runs twice a week (Monday and Thursday),
each run saves a new entry (``thismonth-store-<run id>``) and restores the latest one
by prefix; if a cache is ever lost, the draft's gap notes say which feed missed what.

The YAML is written from data with PyYAML, never pasted together, and each file is
written atomically; existing workflows are left alone unless ``force``.

thismonth is not on PyPI, so the workflows install what :func:`install_spec` says: a git
URL pinned to a tag or commit, or a folder inside the newsletter's repository; by default
the git checkout this thismonth was installed from, at its current commit.
"""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from thismonth.config import Config, load_config
from thismonth.errors import UsageError
from thismonth.writing import write_atomic

DRAFT = "thismonth-draft.yml"
CHECK = "thismonth-check.yml"
WATCH = "thismonth-watch.yml"


def _store_cache() -> dict[str, Any]:
    """Restore the latest store and save this run's (see the module docstring: why)."""
    return {
        "name": "Keep the store (feed memory) between runs",
        "uses": "actions/cache@v4",
        "with": {
            "path": ".thismonth/activity.sqlite",
            "key": "thismonth-store-${{ github.run_id }}",
            "restore-keys": "thismonth-store-",
        },
    }


def watch_workflow(install: str) -> dict[str, Any]:
    return {
        "name": "thismonth watch",
        "on": {"schedule": [{"cron": "0 5 * * 1,4"}], "workflow_dispatch": {}},
        "permissions": {"contents": "read"},
        "concurrency": {"group": "thismonth-store", "cancel-in-progress": False},
        "jobs": {
            "watch": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4"},
                    _store_cache(),
                    *_setup(install),
                    {"name": "Read the sections' feeds", "run": "thismonth watch"},
                ],
            }
        },
    }


# The requirement reaches pip through the environment, never pasted into the script.
INSTALL = 'python -m pip install "$THISMONTH"'
_PINNED_GIT = re.compile(r"^git\+(https|ssh)://[^\s@]+(?:@[^\s/@]+)?/[^\s@]+@[^\s@/][^\s@]*$")
_HOW = (
    "thismonth is not on PyPI: pass --install with a git URL pinned to a tag or commit "
    "(git+https://github.com/OWNER/thismonth@v0.1.0) or a folder of this repository "
    "holding thismonth (./tools/thismonth)"
)


def install_spec(root: Path, explicit: str | None = None) -> str:
    """What the workflows ``pip install``: ``explicit`` checked, else found from how this
    thismonth was installed (a git URL pinned at the commit it was built from)."""
    if explicit:
        spec = explicit.strip()
        if spec.startswith("git+"):
            if re.match(r"^git\+https?://[^/]*@", spec):
                raise UsageError(
                    "--install: the git URL holds credentials; they would be committed in "
                    "the workflow: use a public URL or a folder of the repository"
                )
            if not _PINNED_GIT.match(spec):
                raise UsageError(
                    f"--install {spec}: pin a tag or commit (…/thismonth@v0.1.0): an unpinned "
                    "URL installs whatever is pushed next, in the newsletter's CI"
                )
            return spec
        if "://" in spec:
            raise UsageError(f"--install {spec}: {_HOW}")
        folder = Path(spec)
        if folder.is_absolute() or ".." in folder.parts:
            raise UsageError(f"--install {spec}: the folder must be inside the repository")
        if not (root / folder / "pyproject.toml").is_file():
            raise UsageError(f"--install {spec}: {root / folder} holds no pyproject.toml")
        return "./" + folder.as_posix().removeprefix("./")
    found = _installed_from()
    if found is None:
        raise UsageError(_HOW)
    return found


def _installed_from() -> str | None:
    """``git+URL@COMMIT`` of this installation: pip's record of a git install, or the
    public remote and commit of the checkout an editable install points at."""
    try:
        raw = metadata.distribution("thismonth").read_text("direct_url.json")
        record = json.loads(raw or "{}")
    except (metadata.PackageNotFoundError, json.JSONDecodeError):
        return None
    url = str(record.get("url", ""))
    vcs = record.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and url.startswith("https://"):
        return f"git+{url}@{vcs['commit_id']}"
    if not url.startswith("file://"):
        return None
    checkout = url.removeprefix("file://")

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", checkout, *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    remote, commit = git("config", "--get", "remote.origin.url"), git("rev-parse", "HEAD")
    if not remote.startswith("https://") or "@" in remote.split("/")[2] or not commit:
        return None  # no public remote (or one with credentials): the user must say
    return f"git+{remote}@{commit}"


def _setup(install: str) -> list[dict[str, Any]]:
    return [
        {"uses": "actions/setup-python@v5", "with": {"python-version": "3.12"}},
        {"name": "Install thismonth", "run": INSTALL, "env": {"THISMONTH": install}},
    ]


def draft_workflow(
    branch: str = "next", content: str = "content/this-month", install: str = "."
) -> dict[str, Any]:
    script = "\n".join(
        [
            'month="$MONTH_INPUT"',  # through env: an input is never pasted into the script
            'if [ -z "$month" ]; then month="$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)"; fi',
            'echo "month=$month" >> "$GITHUB_OUTPUT"',
            'thismonth draft "$month"',
        ]
    )
    commit = "\n".join(
        [
            'git config user.name "github-actions[bot]"',
            'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
            f'git add "{content}/${{{{ steps.draft.outputs.month }}}}"',
            "git add --force .thismonth/generated  # the merge base, even where .thismonth/ is ignored",
            "if git diff --cached --quiet; then echo 'nothing new'; exit 0; fi",
            'git commit -m "Draft for ${{ steps.draft.outputs.month }} (thismonth)"',
            f"git push origin HEAD:{branch}",
        ]
    )
    pull = "\n".join(
        [
            f"if [ -z \"$(gh pr list --head {branch} --state open --json number --jq '.[].number')\" ]; then",
            f'  gh pr create --head {branch} --base "${{{{ github.event.repository.default_branch }}}}" \\',
            '    --title "This Month: ${{ steps.draft.outputs.month }}" \\',
            '    --body "Draft generated by thismonth. Edit freely on this branch; re-running the workflow keeps every edit."',
            "fi",
        ]
    )
    checkout = "\n".join(
        [
            f"git fetch origin {branch} || true",
            f"if git rev-parse --verify -q origin/{branch} >/dev/null; then git checkout -B {branch} origin/{branch};",
            f"else git checkout -b {branch}; fi",
        ]
    )
    return {
        "name": "thismonth draft",
        "on": {
            "schedule": [{"cron": "0 6 1 * *"}],
            "workflow_dispatch": {
                "inputs": {
                    "month": {
                        "description": "Month to draft (YYYY-MM); empty for the month that just ended",
                        "required": False,
                        "default": "",
                    }
                }
            },
        },
        "permissions": {"contents": "write", "pull-requests": "write"},
        "concurrency": {"group": "thismonth-draft", "cancel-in-progress": False},
        "jobs": {
            "draft": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}},
                    {"name": f"Switch to the {branch} branch", "run": checkout},
                    _store_cache(),
                    *_setup(install),
                    {
                        "name": "Draft the month",
                        "id": "draft",
                        "run": script,
                        "env": {
                            "GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}",
                            "MONTH_INPUT": "${{ inputs.month }}",
                        },
                    },
                    {"name": "Commit the draft", "run": commit},
                    {
                        "name": "Open a pull request",
                        "run": pull,
                        "env": {"GH_TOKEN": "${{ secrets.GITHUB_TOKEN }}"},
                    },
                ],
            }
        },
    }


def check_workflow(content: str = "content/this-month", install: str = ".") -> dict[str, Any]:
    script = "\n".join(
        [
            'base="origin/${{ github.base_ref }}"',
            'git fetch origin "${{ github.base_ref }}"',
            f"files=$(git diff --name-only --diff-filter=d \"$base\"...HEAD -- '{content}/*/index.md' '{content}/*/sections/*.md'"
            " | sed -E 's#/sections/[^/]+\\.md$#/index.md#' | sort -u)",
            'if [ -z "$files" ]; then echo "no issue changed"; exit 0; fi',
            "thismonth check --format github $files",
        ]
    )
    return {
        "name": "thismonth check",
        "on": {"pull_request": {}},
        "permissions": {"contents": "read"},
        "jobs": {
            "check": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}},
                    *_setup(install),
                    {
                        "name": "Install typos (spelling)",
                        "uses": "taiki-e/install-action@v2",
                        "with": {"tool": "typos-cli"},
                    },
                    {"name": "Check the issues this PR touches", "run": script},
                ],
            }
        },
    }


def _dump(data: dict[str, Any]) -> str:
    class _Literal(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Literal.add_representer(str, _str)
    header = "# Written by `thismonth init --github-actions`; edit freely.\n"
    return header + yaml.dump(data, Dumper=_Literal, sort_keys=False, width=1000)


def content_root(root: Path) -> str:
    """The folder of the issues, from ``newsletter.output`` of ``root/thismonth.toml``."""
    config_path = root / "thismonth.toml"
    config = load_config(config_path) if config_path.is_file() else Config(None)
    output = config.newsletter.output
    head = output.split("{", 1)[0].rstrip("/")
    return head or "."


def write_github_actions(
    root: Path,
    *,
    branch: str = "next",
    content: str | None = None,
    force: bool = False,
    install: str | None = None,
) -> list[Path]:
    """Write the workflows under ``root/.github/workflows``; return the paths written."""
    content = content or content_root(root)
    spec = install_spec(root, install)
    folder = root / ".github" / "workflows"
    files = {
        DRAFT: draft_workflow(branch, content, spec),
        CHECK: check_workflow(content, spec),
        WATCH: watch_workflow(spec),
    }
    existing = [folder / name for name in files if (folder / name).exists()]
    if existing and not force:
        raise UsageError(
            f"{existing[0]}: already exists; remove it or pass --force to replace the workflows"
        )
    written = []
    for name, data in files.items():
        path = folder / name
        write_atomic(path, _dump(data))
        written.append(path)
    return written
