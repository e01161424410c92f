"""Published artifacts need the real URL, and a damaged issue is refused, not swallowed
(issue 9): ``build`` and ``email`` through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run
from test_site_build import make_site, write_issue

BASE = ("--base-url", "https://example.org/news/")


@pytest.mark.parametrize("verb", [("build",), ("email", "2024-02", "-o", "out")])
def test_no_base_url_is_one_line_naming_the_key(tmp_path: Path, verb: tuple[str, ...]) -> None:
    make_site(tmp_path)
    result = run(*verb, cwd=tmp_path)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "site.base_url" in result.err
    assert not (tmp_path / "public").exists() and not (tmp_path / "out").exists()


def test_base_url_from_the_config_goes_into_the_feeds_and_the_email(tmp_path: Path) -> None:
    make_site(tmp_path)
    (tmp_path / "thismonth.toml").write_text(
        '[newsletter]\nname = "Example"\n\n[site]\nbase_url = "https://news.example.org/"\n'
    )
    assert run("build", cwd=tmp_path).code == 0
    feed = (tmp_path / "public" / "atom.xml").read_text()
    assert "https://news.example.org/2024-02/" in feed and "127.0.0.1" not in feed
    assert run("email", "2024-02", "-o", "out", cwd=tmp_path).code == 0
    html = (tmp_path / "out" / "2024-02.html").read_text()
    assert "https://news.example.org/2024-02/" in html and "127.0.0.1" not in html


DAMAGED = """+++
title = "This Month in Example: April 2024"
draft = true

[extra]
month = "April 2024"
+++

Intro.

<!-- a note the editor never closed

## Project Updates

### [`kernel`](https://github.com/example/kernel)

- [Important](https://github.com/example/kernel/pull/1)
"""


@pytest.mark.parametrize(
    "verb", [("build", "--drafts", *BASE), ("email", "2024-04", "-o", "out", *BASE)]
)
def test_a_draft_with_an_unclosed_comment_is_refused(tmp_path: Path, verb: tuple[str, ...]) -> None:
    make_site(tmp_path)
    write_issue(tmp_path, "2024-04", DAMAGED)
    result = run(*verb, cwd=tmp_path)
    assert result.code == 1
    assert "content/this-month/2024-04/index.md:11: unclosed '<!--'" in result.err
    assert not (tmp_path / "public").exists() and not (tmp_path / "out").exists()


def test_without_drafts_a_damaged_draft_does_not_block_the_site(tmp_path: Path) -> None:
    make_site(tmp_path)
    write_issue(tmp_path, "2024-04", DAMAGED)
    result = run("build", *BASE, cwd=tmp_path)
    assert result.code == 0, result.err
