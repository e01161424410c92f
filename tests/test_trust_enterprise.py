"""GitHub Enterprise: the links' host comes from ``newsletter.github_url``, not github.com."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from clirun import run
from thismonth.markdown.lines import normalize_url
from thismonth.models import Person, PullRequest, RepoActivity

CONFIG = '[newsletter]\nname = "Corp"\ngithub_url = "https://ghe.example.com"\n'

ISSUE = """+++
title = "This Month in Corp: April 2022"
draft = true

[extra]
month = "April 2022"
+++

Welcome.

## Project Updates

### [`kernel`](https://ghe.example.com/corp/kernel)

- [Add paging](https://ghe.example.com/corp/kernel/pull/5)
- [Fix boot](https://ghe.example.com/corp/kernel/pulls/6)
"""


def activity(path: Path) -> Path:
    pull = PullRequest(
        "corp/kernel",
        5,
        "Add paging",
        "https://ghe.example.com/corp/kernel/pull/5",
        Person("ann", "ann"),
        datetime(2022, 2, 10, 12, tzinfo=UTC),
        "main",
    )
    path.write_text(json.dumps([RepoActivity("corp/kernel", "main", pulls=[pull]).to_json()]))
    return path


def test_pr_month_check_works_on_the_configured_host(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    issue = tmp_path / "2022-04.md"
    issue.write_text(ISSUE)
    result = run(
        "check",
        issue,
        "--activity",
        activity(tmp_path / "april.json"),
        "--no-spelling",
        cwd=tmp_path,
    )
    assert result.code == 1
    assert "2022-04.md:15: pr-month: corp/kernel#5 was merged on 2022-02-10, not in April 2022" in (
        result.out
    )
    assert "2022-04.md:16: link:" in result.out and "/pull/N, not /pulls/N" in result.out


def test_identities_keep_the_host() -> None:
    ghe = normalize_url("https://ghe.example.com/Corp/Kernel/pull/5#issuecomment-1")
    assert ghe == "ghe.example.com/corp/kernel/pull/5"
    assert (
        normalize_url("https://www.github.com/corp/kernel/pull/5")
        == "github.com/corp/kernel/pull/5"
    )
    assert normalize_url("https://ghe.example.com/c/k/pull/5/commits/ABCDEF1234567890") == (
        "ghe.example.com/c/k/commit/abcdef123456"
    )
