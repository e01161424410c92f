"""Outside text renders exactly as written, and cannot leave its place in the Markdown."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from thismonth.compose.title_style import (
    KIND_LABELS,
    TitleStyle,
    stray_backtick,
    style_title,
    tokens,
)
from thismonth.markdown.comments import scan
from thismonth.render.escape import comment_safe, escape_candidates, md_code, md_text, md_url

# CommonMark, plus the ~~strikethrough~~ that GitHub and Zola (pulldown-cmark) render.
md = MarkdownIt("commonmark").enable("strikethrough")


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
    # As the templates write a commented-out line: the link, then comment_safe.
    line = f"<!-- - [{comment_safe(md_text(title))}](https://x/1) -->"
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


@pytest.mark.parametrize(
    "title",
    [
        "uefi: _print more failsafe",
        "mem.rs -> mem/mod.rs",
        "TryFrom<&[u8]>",
        "Implement `TryFrom<&[u8]>` for `BootInfo`",
        "Use a_b_c and R&D, 1 < 2 > 0, a->b",
        "Bump x from 1.2 to 1.3 (#12)",
        "multiboot2: Add tag #5 ~ array[0]",
    ],
)
def test_titles_as_editors_write_them_are_left_alone(title: str) -> None:
    assert md_text(title) == title


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        ("Fix [x](y) <b>", "Fix \\[x\\](y) \\<b>"),
        ("a *b* c", "a \\*b* c"),
        ("the _start_ symbol", "the \\_start_ symbol"),
        ("&amp; is an entity", "\\&amp; is an entity"),
        ("~~gone~~", "\\~~gone~~"),
        ("ends in a backslash\\", "ends in a backslash\\\\"),
    ],
)
def test_only_what_would_change_the_parse_is_escaped(title: str, escaped: str) -> None:
    assert md_text(title) == escaped


# Titles made of what Markdown cares about, with multi-character syntax as units.
TRICKY = st.lists(
    st.sampled_from([*"ab _*`[]()<>!&;#\\-~|:/.=\"'x1 é", "&amp;", "<!--", "-->", "**"]),
    max_size=16,
).map("".join)


def _visible(markdown: str) -> tuple[str, list[str], list[str]]:
    out = shown(markdown)
    return out.text, out.tags, out.comments


def _reference(title: str, escaped: str) -> tuple[str, list[str]]:
    """What a title shows and which tags it makes, from its chosen escaping."""
    text, tags, _ = _visible(f"- [{escaped}](https://x/1)")
    return text.strip("\n"), tags  # the newlines are the HTML's, between the tags


def _everywhere(escaped: str) -> tuple[object, ...]:
    """What the text shows in each place the templates put it: a list item's link, the
    same after a prefix (``(`repo`) title``), a commented-out line, running text."""
    link = _reference("", escaped)
    prefixed_text, prefixed_tags, _ = _visible(f"- [(x) {escaped}](https://x/1)")
    c_text, _, comments = _visible(f"<!-- - [{comment_safe(escaped)}](https://x/1) -->\n\nafter")
    running_text, running_tags, _ = _visible(f"x {escaped} x")
    return (
        link,
        (prefixed_text.strip("\n"), prefixed_tags),
        (len(comments), c_text.strip()),
        (running_text.strip("\n"), running_tags),
    )


@given(st.one_of(TRICKY, st.text(max_size=40)))
@settings(max_examples=300, deadline=None)
def test_every_title_renders_as_written_in_its_link_and_comment_and_shortest(title: str) -> None:
    flat = " ".join("".join(c if c.isprintable() or c == " " else " " for c in title).split())
    escaped = md_text(title)
    shows = _everywhere(escaped)
    text, tags = shows[0]
    # Exactly its text (code spans shown as their content), inside one link, nothing else.
    assert tags[:3] == ["ul", "li", "a"] and set(tags[3:]) <= {"code"}
    if "code" not in tags:
        assert text == flat
    else:
        # As shown by the candidate escaping every punctuation character outside the
        # code spans, which by CommonMark's rules shows the text literally around them.
        full = escape_candidates(title)[3]
        assert full.count("`") == escaped.count("`")
        assert _everywhere(full) == shows
    assert shows[1] == (f"(x) {text}", tags)
    # Inside its <!-- -->: one comment, nothing shown, the next paragraph intact.
    assert shows[2] == (1, "after")
    # The shortest of the candidates that show the same everywhere (and that the
    # draft's comment scanner does not read as opening or closing a comment).
    for candidate in escape_candidates(title):
        found = scan([f"- [{candidate}](https://x.org)"])
        if found.unclosed is not None or found.stray_close is not None:
            continue
        if len(candidate) < len(escaped):
            assert _everywhere(candidate) != shows, (candidate, escaped)


@pytest.mark.parametrize("title", ["a-->b", "<!--", "x <!-- y", "end -->"])
def test_comment_tokens_in_titles_are_escaped_so_the_draft_stays_mergeable(title: str) -> None:
    escaped = md_text(title)
    found = scan([f"- [{escaped}](https://x.org)"])
    assert found.unclosed is None and found.stray_close is None, escaped
    assert shown(f"- [{escaped}](https://x.org)").text.strip() == title


@given(TRICKY)
@settings(max_examples=150, deadline=None)
def test_plain_names_render_as_written_in_running_text(name: str) -> None:
    flat = " ".join("".join(c if c.isprintable() or c == " " else " " for c in name).split())
    out = shown(f"Thanks to {md_text(name, code_spans=False)} for it")
    assert out.tags == ["p"]
    assert out.text.strip() == f"Thanks to {flat} for it"


# Titles with code-like words among Markdown's syntax, for the styled-title property.
CODE_LIKE = st.lists(
    st.sampled_from(
        [
            *"ab _*`[]()<>!&;#\\-~|:/.=\"' ",
            "a_b",
            "__X_Y",
            "Foo::bar",
            "x()",
            "Vec<T>",
            "repr(C)",
            "m!",
            "a.rs",
            "FooBar",
            "<!--",
            "-->",
            "`c`",
            "https://x.org/a_b",
        ]
    ),
    max_size=12,
).map("".join)


def _codes(markdown: str) -> list[str]:
    inline = [t for t in md.parse(markdown) if t.type == "inline"]
    return [c.content for t in inline for c in t.children or [] if c.type == "code_inline"]


@given(st.one_of(CODE_LIKE, TRICKY))
@example("\\a_b")  # a backslash before a new backtick would escape it
@example("add `x to a_b")  # a stray backtick would pair with a new one
@example("#[derive(Debug)] and a_b::<T>() -->")
@settings(max_examples=300, deadline=None)
def test_styled_titles_render_their_words_with_the_code_as_code(title: str) -> None:
    """Backticks added by title styling (compose/title_style.py) make code of exactly the
    words they wrap: the line shows the same text, in its link and its comment."""
    wrap_all = TitleStyle(wrap=frozenset(KIND_LABELS))
    styled = style_title(title, wrap_all)
    before, after = md_text(title), md_text(styled)
    shows_before, shows_after = _everywhere(before), _everywhere(after)
    text, tags = shows_after[0]
    assert tags[:3] == ["ul", "li", "a"] and set(tags[3:]) <= {"code"}
    assert text == shows_before[0][0]  # the same words, only now some are code
    assert shows_after[2] == (1, "after")  # inside its <!-- -->, the next paragraph intact
    wrapped = [t.text for t in tokens(title)] if not stray_backtick(title) else []
    codes = _codes(f"- [{after}](https://x/1)")
    assert Counter(codes) == Counter(_codes(f"- [{before}](https://x/1)") + wrapped)
