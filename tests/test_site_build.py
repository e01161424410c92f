"""``thismonth build``: pages, index, drafts, comment forms, incremental builds, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from clirun import run
from thismonth.site import Comments, SiteError, SiteOptions, build

ISSUE = """+++
title = "This Month in Example: {label}"
date = {date}

[extra]
month = "{label}"
editors = ["alice", "bob"]
+++

Welcome to the {label} issue.

<!-- more -->

Use our <a href="#comment-form">comment form</a>.

## `kernel` Updates

<span class="maintainers">Maintained by [@maint](https://github.com/maint)</span>

- [Add `PageTable::walk`](https://github.com/example/kernel/pull/11)
<!-- - [Bump serde from 1.0.1 to 1.0.2](https://github.com/example/kernel/pull/13) -->

```rust
fn main() {{ println!("hi"); }}
```
"""

DRAFT = """+++
title = "This Month in Example: {label}"
draft = true

[extra]
month = "{label}"
editors = ["alice"]
+++

Not out yet.
"""

YAML = """---
title: "This Month in Example: {label}"
date: {date}
month: "{label}"
authors: [carol]
---

A YAML issue.
"""

LABELS = {"2023-12": "December 2023", "2024-01": "January 2024", "2024-02": "February 2024"}


def write_issue(root: Path, month: str, text: str) -> Path:
    path = root / "content" / "this-month" / month / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_site(root: Path) -> Path:
    """Three published issues (one YAML) and a draft."""
    write_issue(root, "2023-12", YAML.format(label="December 2023", date="2024-01-05"))
    write_issue(root, "2024-01", ISSUE.format(label="January 2024", date="2024-02-06"))
    write_issue(root, "2024-02", ISSUE.format(label="February 2024", date="2024-03-04"))
    write_issue(root, "2024-03", DRAFT.format(label="March 2024"))
    return root


def options(root: Path, **kw) -> SiteOptions:
    kw.setdefault("output", root / "public")
    kw.setdefault("base_url", "https://example.org/news/")
    kw.setdefault("title", "This Month in Example")
    return SiteOptions(root=root, **kw)


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_index_lists_published_issues_newest_first(site: Path) -> None:
    result = build(options(site))
    html = (site / "public" / "index.html").read_text()
    links = re.findall(r'<h2><a href="([^"]+)">', html)
    assert links == ["2024-02/", "2024-01/", "2023-12/"]
    assert "Welcome to the February 2024 issue." in html  # the summary above <!-- more -->
    assert "comment form" not in html.split("<main>")[1].split("2024-01/")[0]
    assert not (site / "public" / "2024-03").exists()
    assert [i.month for i in result.issues] == ["2023-12", "2024-01", "2024-02"]


def test_drafts_only_with_the_flag(site: Path) -> None:
    build(options(site, drafts=True))
    html = (site / "public" / "index.html").read_text()
    assert re.findall(r'<h2><a href="([^"]+)">', html)[0] == "2024-03/"
    page = (site / "public" / "2024-03" / "index.html").read_text()
    assert "unpublished draft" in page and 'class="badge">draft' in page
    atom = feedparser.parse(str(site / "public" / "atom.xml"))
    assert atom.entries[0].link == "https://example.org/news/2024-02/"


def test_issue_page_has_title_editors_date_and_neighbours(site: Path) -> None:
    build(options(site))
    page = (site / "public" / "2024-01" / "index.html").read_text()
    assert "<title>This Month in Example: January 2024</title>" in page
    assert "<h1>This Month in Example: January 2024</h1>" in page
    assert '<time datetime="2024-02-06">February 6, 2024</time>' in page
    assert '<a href="https://github.com/alice">@alice</a>' in page
    assert '<a href="https://github.com/bob">@bob</a>' in page
    assert '<a class="prev" rel="prev" href="../2023-12/">← December 2023</a>' in page
    assert '<a class="next" rel="next" href="../2024-02/">February 2024 →</a>' in page
    assert 'id="comment-form"' in page
    assert 'href="../atom.xml"' in page
    yaml_page = (site / "public" / "2023-12" / "index.html").read_text()
    assert "@carol" in yaml_page and 'rel="prev"' not in yaml_page


def test_heading_anchors_and_highlighted_code(site: Path) -> None:
    build(options(site))
    page = (site / "public" / "2024-01" / "index.html").read_text()
    assert '<h2 id="kernel-updates">' in page
    assert '<a class="header-anchor" href="#kernel-updates">#</a>' in page
    assert '<span class="k">fn</span>' in page  # pygments token classes
    css = (site / "public" / "style.css").read_text()
    assert "prefers-color-scheme: dark" in css and "pre code .k" in css
    assert "max-width" in css


def test_template_html_is_kept_and_comments_dropped(site: Path) -> None:
    build(options(site))
    page = (site / "public" / "2024-01" / "index.html").read_text()
    assert '<span class="maintainers">Maintained by' in page
    assert "Bump serde" not in page and "<!--" not in page


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        (Comments(), "Comments are closed"),
        (
            Comments(kind="utterances", repo="example/site"),
            '<script src="https://utteranc.es/client.js" repo="example/site"',
        ),
        (
            Comments(
                kind="giscus", repo="example/site", repo_id="R1", category="News", category_id="C1"
            ),
            'data-repo="example/site" data-repo-id="R1" data-category="News"',
        ),
    ],
)
def test_comment_form_at_its_anchor(site: Path, comments: Comments, expected: str) -> None:
    build(options(site, comments=comments))
    page = (site / "public" / "2024-02" / "index.html").read_text()
    section = page.split('<section id="comment-form"', 1)[1].split("</section>", 1)[0]
    assert expected in section


def test_comment_settings_are_checked(site: Path) -> None:
    with pytest.raises(SiteError) as info:
        build(options(site, comments=Comments(kind="giscus")))
    assert "comments: giscus needs a repository" in info.value.lines()[0]
    assert not (site / "public").exists()


def test_feeds_parse_cleanly(site: Path) -> None:
    build(options(site))
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse(str(site / "public" / name))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.feed.title == "This Month in Example"
        assert [e.link for e in feed.entries] == [
            "https://example.org/news/2024-02/",
            "https://example.org/news/2024-01/",
            "https://example.org/news/2023-12/",
        ]
        assert feed.entries[0].title == "This Month in Example: February 2024"


def test_incremental_build_rerenders_the_changed_page_and_its_neighbours(site: Path) -> None:
    first = build(options(site))
    assert sorted(first.rendered) == ["2023-12", "2024-01", "2024-02"]
    again = build(options(site))
    assert again.rendered == [] and len(again.reused) == 3
    path = site / "content" / "this-month" / "2024-01" / "index.md"
    path.write_text(path.read_text().replace("Welcome to", "Hello and welcome to"))
    third = build(options(site))
    assert third.rendered == ["2024-01"]
    assert "Hello and welcome" in (site / "public" / "2024-01" / "index.html").read_text()
    assert "Hello and welcome" in (site / "public" / "index.html").read_text()
    # A new month changes its predecessor's "next" link.
    write_issue(site, "2024-03", ISSUE.format(label="March 2024", date="2024-04-02"))
    fourth = build(options(site))
    assert sorted(fourth.rendered) == ["2024-02", "2024-03"]
    assert 'href="../2024-03/"' in (site / "public" / "2024-02" / "index.html").read_text()
    # Other options (here the base URL) mean a full rebuild.
    fifth = build(options(site, base_url="https://other.example/"))
    assert len(fifth.rendered) == 4


def test_reused_pages_are_not_shared_with_edits(site: Path) -> None:
    build(options(site))
    before = (site / "public" / "2023-12" / "index.html").read_text()
    build(options(site))  # hard-links the unchanged page
    build(options(site, title="Renamed"))  # rewrites it
    assert before != (site / "public" / "2023-12" / "index.html").read_text()


@pytest.mark.parametrize(
    ("month", "text", "message"),
    [
        ("2024-01", "+++\ntitle = \n+++\n", "content/this-month/2024-01/index.md:2: front matter"),
        (
            "2024-01",
            '+++\ntitle = "x"\ndate = "2024-02-31"\n+++\n',
            "content/this-month/2024-01/index.md:3: date '2024-02-31' does not parse",
        ),
        ("2024-01", "no front matter", "content/this-month/2024-01/index.md:1: front matter"),
        ("2024-13", ISSUE.format(label="x", date="2024-02-06"), "2024-13"),
    ],
)
def test_bad_issue_fails_and_keeps_the_previous_build(
    site: Path, month: str, text: str, message: str
) -> None:
    build(options(site))
    before = snapshot(site / "public")
    write_issue(site, month, text)
    with pytest.raises(SiteError) as info:
        build(options(site))
    assert any(message in line for line in info.value.lines()), info.value.lines()
    assert snapshot(site / "public") == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] == []


def test_every_broken_issue_is_reported(site: Path) -> None:
    write_issue(site, "2024-01", "+++\ntitle = \n+++\n")
    write_issue(site, "2024-02", '+++\ndate = "soon"\n+++\n')
    with pytest.raises(SiteError) as info:
        build(options(site))
    assert len(info.value.lines()) == 2


def test_missing_template_fails_and_keeps_the_previous_build(site: Path, tmp_path: Path) -> None:
    build(options(site))
    before = snapshot(site / "public")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue.html").write_text('{% extends "base.html" %}{% include "nope.html" %}')
    with pytest.raises(SiteError) as info:
        build(options(site, templates=templates))
    assert "issue.html: includes template 'nope.html', which is not found" in str(info.value)
    assert snapshot(site / "public") == before
    with pytest.raises(SiteError) as info:
        build(options(site, templates=tmp_path / "missing"))
    assert "missing: template folder not found" in info.value.lines()[0]


def test_user_templates_override_the_builtin_ones(site: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>{{ issues|length }} issues</p>{% endblock %}'
    )
    build(options(site, templates=templates))
    assert "<p>3 issues</p>" in (site / "public" / "index.html").read_text()


def test_refuses_to_replace_a_folder_it_did_not_build(site: Path) -> None:
    (site / "public").mkdir()
    (site / "public" / "precious.txt").write_text("keep me")
    with pytest.raises(SiteError, match="was not built by thismonth"):
        build(options(site))
    assert (site / "public" / "precious.txt").read_text() == "keep me"


def test_no_issues_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="no issue files match"):
        build(options(tmp_path))


BASE = ("--base-url", "https://example.org/news/")


def test_cli_build(site: Path) -> None:
    result = run(
        "build",
        "--base-url",
        "https://example.org/news",
        "--comments",
        "utterances",
        "--comments-repo",
        "example/site",
        cwd=site,
    )
    assert result.code == 0, result.err
    assert "built 3 issues into public" in result.err
    assert 'repo="example/site"' in (site / "public" / "2024-01" / "index.html").read_text()
    feed = (site / "public" / "atom.xml").read_text()
    assert "https://example.org/news/2024-01/" in feed


def test_cli_build_error_is_one_line_per_problem(site: Path) -> None:
    assert run("build", *BASE, cwd=site).code == 0
    write_issue(site, "2024-01", '+++\ntitle = "x"\ndate = 2024-02-30\n+++\n')
    result = run("build", *BASE, cwd=site)
    assert result.code == 1
    assert "content/this-month/2024-01/index.md" in result.err
    assert result.err.count("error:") == 1
    assert (site / "public" / "2024-01" / "index.html").is_file()


def test_cli_build_drafts_flag(site: Path) -> None:
    assert run("build", "--drafts", "-o", "out", *BASE, cwd=site).code == 0
    assert (site / "out" / "2024-03" / "index.html").is_file()


def test_a_deleted_issue_loses_its_page(site: Path) -> None:
    build(options(site))
    (site / "content" / "this-month" / "2024-02" / "index.md").unlink()
    result = build(options(site))
    assert result.rendered == ["2024-01"]  # its "next" link is gone
    assert not (site / "public" / "2024-02").exists()
    assert "2024-02/" not in (site / "public" / "index.html").read_text()
    assert 'rel="next"' not in (site / "public" / "2024-01" / "index.html").read_text()


def test_unwritable_output_is_one_line(site: Path) -> None:
    (site / "blocker").write_text("a file where a folder should be")
    with pytest.raises(SiteError, match="cannot create the output"):
        build(options(site, output=site / "blocker" / "public"))
