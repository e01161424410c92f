"""Hostile text from outside (PR titles, logins, branch names) can never become markup.

The whole pipeline runs: activity records -> compose -> render (Markdown) -> site build
(HTML pages, index, feeds) and e-mail. The produced HTML is parsed with html.parser and
audited: only the elements our templates and Markdown produce, no ``on*`` attributes,
no ``javascript:`` (or ``vbscript:``, ``data:``) links, no ``<script``, no ``<style``.
Raw HTML that an editor writes into an issue is allowed and is not what this tests.
"""

from __future__ import annotations

import html
import re
import tempfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from thismonth.compose import build_issue
from thismonth.config import parse_config
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.render import render_issue
from thismonth.site import SiteOptions, build
from thismonth.site.email import find_issue, render_email

ALLOWED = {
    "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer",
    "article", "section", "time", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "span",
    "ul", "ol", "li", "code", "pre", "em", "strong", "br", "hr", "blockquote", "div",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<iframe src=//evil.example>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "-->",
    "--!>",
    "<!--",
    "<!-->",
    "`",
    "``",
    "`-->`",
    "\\",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "<b onmouseover=alert(1)>",
    "*",
    "_",
    "]",
    "(",
    ")",
    "\n",
    "<",
    ">",
    "'",
    '"',
    " ",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), min_size=1, max_size=8
).map("".join)

CONFIG = """
[newsletter]
name = "Example"
editors = ["alice"]

[[projects]]
repo = "example/kernel"
maintainers = ["maint"]
dev_branches = ["next"]
"""


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in ("href", "src", "action", "formaction") and url.startswith(BAD_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def audit(text: str, where: str) -> list[str]:
    lowered = text.lower()
    problems = [f"{where}: raw {s}" for s in ("<script", "<style", "<iframe") if s in lowered]
    parser = Audit()
    parser.feed(text)
    parser.close()
    return problems + [f"{where}: {p}" for p in parser.problems]


def activity(titles: list[str], login: str, branch: str) -> RepoActivity:
    when = datetime(2024, 5, 10, tzinfo=UTC)
    pulls = []
    for n, title in enumerate(titles, start=1):
        bot = n % 3 == 0  # bots' PRs are commented out: titles inside <!-- -->
        pulls.append(
            PullRequest(
                repo="example/kernel",
                number=n,
                title=title,
                url=f"https://github.com/example/kernel/pull/{n}",
                author=Person(name=login, login=f"{login}[bot]" if bot else login, bot=bot),
                merged_at=when,
                base_branch=branch if n % 2 == 0 else "main",
            )
        )
    return RepoActivity(repo="example/kernel", default_branch="main", pulls=pulls)


def site_from(titles: list[str], login: str, branch: str, root: Path) -> None:
    config = parse_config(CONFIG, root / "thismonth.toml")
    config.projects[0].dev_branches = [branch]
    doc = build_issue(config, Month(2024, 5), {"example/kernel": activity(titles, login, branch)})
    doc.date = "2024-06-03"
    markdown = render_issue(doc, config)
    path = root / "content" / "this-month" / "2024-05" / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")


def outputs(root: Path) -> dict[str, str]:
    options = SiteOptions(root=root, output=root / "public", base_url="https://example.org/")
    build(options)
    out = {str(p.relative_to(root)): p.read_text() for p in (root / "public").rglob("*.html")}
    for feed in ("atom.xml", "rss.xml"):
        xml = (root / "public" / feed).read_text()
        bodies = re.findall(r"<(?:content|summary|description)[^>]*>(.*?)</", xml, re.DOTALL)
        out[feed] = "\n".join(html.unescape(b) for b in bodies)
    email = render_email(find_issue(options, "2024-05"), options)
    out["email.html"] = email.html
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    titles=st.lists(hostile_text, min_size=1, max_size=6),
    login=st.sampled_from(["ann", "<script>alert(1)</script>", 'x" onmouseover="alert(1)']),
    branch=st.sampled_from(["next", "<img src=x onerror=alert(1)>", "`-->`<script>"]),
)
def test_hostile_titles_never_become_markup(titles: list[str], login: str, branch: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site_from(titles, login, branch, root)
        problems = [p for name, text in outputs(root).items() for p in audit(text, name)]
    assert problems == []


def test_the_audit_catches_injection() -> None:
    assert audit('<p><img src=x onerror="alert(1)"></p>', "x")
    assert audit('<a href=" javascript:alert(1)">x</a>', "x")
    assert audit("<script>alert(1)</script>", "x")
    assert not audit('<p><a href="https://example.org">x</a></p>', "x")


def test_a_known_hostile_title_shows_as_text(tmp_path: Path) -> None:
    site_from(["<script>alert(1)</script> [x](javascript:alert(1))"], "ann", "next", tmp_path)
    page = outputs(tmp_path)["public/2024-05/index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in page


def candidates_site(titles: list[str], contexts: list[str], root: Path, *, uncomment: bool) -> str:
    """An issue whose hand-written section holds hostile feed candidates (issue 11),
    as drafted (commented out) or as an editor who uncommented every line leaves it."""
    from thismonth.compose.candidates import Candidate, SectionCandidates
    from thismonth.config import CandidateSection
    from thismonth.render.candidates import add_candidates

    config = parse_config(CONFIG, root / "thismonth.toml")
    doc = build_issue(config, Month(2024, 5), {"example/kernel": activity(["Fix"], "ann", "next")})
    doc.date = "2024-06-03"
    when = datetime(2024, 5, 10, tzinfo=UTC)
    found = [
        Candidate(
            title=t,
            url=f"https://blog.example/{n}" if n % 2 else f"javascript:alert({n})",
            date=when,
            source=f"feed {t}",
            context=contexts[n % len(contexts)],
            # a language model's answer and its name are outside text too (app/rewrite.py)
            suggestion=contexts[(n + 1) % len(contexts)],
            suggested_by=t,
        )
        for n, t in enumerate(titles)
    ]
    section = SectionCandidates(
        CandidateSection(id="news", heading="News", cap=50),
        candidates=found,
        notes=[f"feed {t} reaches back only to 2024-05-09" for t in titles[:2]],
    )
    markdown = add_candidates(render_issue(doc, config), [section], "2024-05", config)
    if uncomment:
        markdown = "\n".join(
            line.removeprefix("<!-- ").removesuffix(" -->")
            if line.startswith("<!-- - ") or line.startswith("<!--   - ")
            else line
            for line in markdown.splitlines()
        )
    path = root / "content" / "this-month" / "2024-05" / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return markdown


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(titles=["<script>alert(1)</script>"], contexts=["<!--"], uncomment=False)
@example(titles=["a --> b <!-- c"], contexts=["`-->`"], uncomment=True)
@given(
    titles=st.lists(hostile_text, min_size=1, max_size=5),
    contexts=st.lists(hostile_text, min_size=1, max_size=3),
    uncomment=st.booleans(),
)
def test_hostile_candidates_never_become_markup(
    titles: list[str], contexts: list[str], uncomment: bool
) -> None:
    from thismonth.markdown.comments import scan

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        markdown = candidates_site(titles, contexts, root, uncomment=uncomment)
        found = scan(markdown.splitlines())
        assert found.unclosed is None and found.stray_close is None
        if not uncomment:  # drafted: nothing of the candidates is visible
            news = markdown.index("## News")
            visible = "".join(found.visible)
            assert "blog.example" not in visible and "javascript" not in visible, news
        problems = [p for name, text in outputs(root).items() for p in audit(text, name)]
    assert problems == []
