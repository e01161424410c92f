"""Outside text renders exactly as written, and cannot leave its place in the Markdown."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from thismonth.render.escape import comment_safe, md_code, md_text, md_url

md = MarkdownIt("commonmark")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []
        self.comments: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def shown(markdown: str) -> _Text:
    parser = _Text()
    parser.feed(md.render(markdown))
    return parser


@pytest.mark.parametrize(
    "title",
    [
        "Fix [x](y) <b>",
        "trailing backslash\\",
        "a * b _c_ **d**",
        "<!-- not a comment -->",
        "&amp; &lt; &#65;",
        "![img](http://x/y.png)",
        "unbalanced ` backtick",
        "<script>alert(1)</script>",
        "line\nbreak",
        "~~strike~~ | pipe",
    ],
)
def test_titles_render_as_written(title: str) -> None:
    out = shown(f"- [{md_text(title)}](https://github.com/o/r/pull/1)")
    assert out.text.strip() == " ".join(title.split())
    assert out.tags == ["ul", "li", "a"]


def test_code_spans_stay_code_as_on_github() -> None:
    out = shown(f"- [{md_text('Add `f16` support')}](https://x/1)")
    assert out.text.strip() == "Add f16 support"
    assert "code" in out.tags


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_any_title_stays_inside_its_link(title: str) -> None:
    out = shown(f"- [{md_text(title, code_spans=False)}](https://x/1)")
    assert out.tags == ["ul", "li", "a"]
    expected = " ".join("".join(c if c.isprintable() or c == " " else " " for c in title).split())
    assert " ".join(out.text.split()) == " ".join(expected.split())


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_any_title_stays_inside_its_comment(title: str) -> None:
    line = f"<!-- - [{md_text(title)}](https://x/1) -->"
    out = shown(line + "\n\nafter")
    assert len(out.comments) == 1
    assert out.text.strip() == "after"


def test_code_filter_handles_backticks() -> None:
    for name in ["next", "a`b", "`x`", "<script>"]:
        out = shown(md_code(name))
        assert out.text.strip() == name


def test_url_cannot_escape_parentheses() -> None:
    assert md_url("javascript:alert(1)") == "#"
    assert ")" not in md_url("https://x/y) [z](w")
    assert md_url("https://github.com/o/r/pull/1") == "https://github.com/o/r/pull/1"


def test_comment_safe() -> None:
    assert "-->" not in comment_safe("a --> b")
