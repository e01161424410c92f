"""``thismonth email``: inline-styled HTML and plain text with numbered links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clirun import run
from test_site_build import make_site, options, write_issue
from thismonth.site import SiteError
from thismonth.site.email import find_issue, render_email

BODY = """+++
title = "This Month in Example: April 2022"
date = 2022-05-07

[extra]
month = "April 2022"
editors = ["alice"]
+++

Welcome! Read [the blog](https://example.org/blog) and use our <a href="#comment-form">form</a>.

<!-- more -->

## `kernel`

<span class="maintainers">Maintained by [@maint](https://github.com/maint)</span>

- [Add `walk`](https://github.com/example/kernel/pull/11)
- [Fix a very long title that goes on and on so that the plain text has to wrap it somewhere](https://github.com/example/kernel/pull/12)
  - nested note, see [the blog](https://example.org/blog)
<!-- - [Bump serde from 1 to 2](https://github.com/example/kernel/pull/13) -->

1. first
2. second

```rust
fn main() {}
```

| a | b |
|---|---|
| 1 | 2 |
"""


@pytest.fixture()
def issue_root(tmp_path: Path) -> Path:
    make_site(tmp_path)
    write_issue(tmp_path, "2022-04", BODY)
    return tmp_path


class Styles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.unstyled: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        styled = {"h1", "h2", "h3", "p", "a", "ul", "ol", "li", "pre", "table", "td", "th"}
        if tag in styled and not dict(attrs).get("style"):
            self.unstyled.append(tag)


def test_html_is_inline_styled(issue_root: Path) -> None:
    opts = options(issue_root)
    mail = render_email(find_issue(opts, "2022-04"), opts)
    parser = Styles()
    parser.feed(mail.html)
    assert parser.unstyled == []
    assert "<style" not in mail.html and "class=" not in mail.html.replace(
        'class="maintainers"', ""
    )
    assert "<table" in mail.html and 'role="presentation"' in mail.html
    assert "Bump serde" not in mail.html and "<!--" not in mail.html
    # relative links made absolute against the issue's page
    assert 'href="https://example.org/news/2022-04/#comment-form"' in mail.html
    assert mail.subject == "This Month in Example: April 2022"
    assert mail.url == "https://example.org/news/2022-04/"


def test_plain_text_has_a_numbered_link_list(issue_root: Path) -> None:
    opts = options(issue_root)
    text = render_email(find_issue(opts, "2022-04"), opts).text
    assert text.startswith("This Month in Example: April 2022\n=================================")
    assert "Read [the blog] [1]" not in text
    assert "Read the blog [1]" in text
    assert "- Add `walk` [3]" in text  # [2] is @maint
    assert "\n  - nested note, see the blog [1]" in text  # the same URL keeps its number
    assert "1. first\n2. second" in text
    assert "    fn main() {}" in text
    assert "Bump serde" not in text and "<" not in text.split("Links:")[0]
    links = text.split("\nLinks:\n", 1)[1].splitlines()
    assert links[0] == "[1] https://example.org/blog"
    assert links[1] == "[2] https://github.com/maint"
    assert all(re.fullmatch(r"\[\d+\] https?://\S+", line) for line in links)
    assert all(len(line) <= 72 for line in text.split("\nLinks:\n")[0].splitlines()[4:])


BASE = ("--base-url", "https://example.org/news/")


def test_cli_writes_both_parts(issue_root: Path) -> None:
    result = run("email", "2022-04", "-o", "out", *BASE, cwd=issue_root)
    assert result.code == 0, result.err
    assert (issue_root / "out" / "2022-04.html").read_text().startswith("<!doctype html>")
    assert "Links:" in (issue_root / "out" / "2022-04.txt").read_text()


def test_cli_missing_month(issue_root: Path) -> None:
    result = run("email", "2019-01", "-o", "out", *BASE, cwd=issue_root)
    assert result.code == 1
    assert "no issue for 2019-01" in result.err


def test_cli_bad_month(issue_root: Path) -> None:
    result = run("email", "2022-4", cwd=issue_root)
    assert result.code == 2


def test_a_broken_issue_is_named(issue_root: Path) -> None:
    write_issue(issue_root, "2022-04", "+++\ntitle = \n+++\n")
    with pytest.raises(SiteError, match=r"2022-04/index.md:2: front matter"):
        find_issue(options(issue_root), "2022-04")
