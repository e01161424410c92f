"""Markdown to HTML for the site and the e-mail: markdown-it-py, one configuration.

The newsletter's own template may carry raw HTML (``<span class="maintainers">``,
``<!-- ... -->`` blocks of commented-out entries), so HTML is enabled. Text that came
from outside (PR titles, logins, branch names) reaches this module as *escaped*
Markdown (``thismonth.render`` backslash-escapes it), so it can only ever become text.
HTML comments (commented-out entries, editor notes) are dropped. Link targets go
through markdown-it's ``validateLink``, which refuses ``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

#: Separates an issue's summary (index, feeds) from the rest, as in Zola.
MORE = re.compile(r"^<!--\s*more\s*-->\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

LIGHT_STYLE = "friendly"
DARK_STYLE = "monokai"


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments spans inside markdown-it's own ``<pre><code>``; unknown languages stay plain."""
    if not lang:
        return ""
    try:
        lexer = get_lexer_by_name(lang.split()[0])
    except ClassNotFound:
        return ""
    return highlight(code, lexer, _formatter())


@cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(nowrap=True)


def pygments_css() -> str:
    """Token colours for both schemes, scoped to code blocks."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs("pre code")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs("pre code")
    dark = "\n".join("  " + line for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


def _slug(title: str) -> str:
    """Zola-like slugs: lower case, words joined by dashes, punctuation dropped."""
    slug = re.sub(r"[^\w\s-]", "", title.lower()).strip()
    return re.sub(r"[\s_-]+", "-", slug) or "section"


@cache
def site_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "highlight": _highlight}).enable("table")
    anchors_plugin(
        md,
        min_level=2,
        max_level=4,
        slug_func=_slug,
        permalink=True,
        permalinkSymbol="#",
        permalinkBefore=False,
    )
    return md


@cache
def plain_parser() -> MarkdownIt:
    """No anchors, no highlighting: for e-mail, where both are noise."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass
class Rendered:
    html: str
    summary_html: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # level, id, text


def render_markdown(body: str) -> Rendered:
    """The body as HTML, plus its summary (the part above ``<!-- more -->``) and outline."""
    md = site_parser()
    tokens = md.parse(body)
    drop_comments(tokens)
    html = md.renderer.render(tokens, md.options, {})
    headings = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.attrGet("id"):
            text = tokens[i + 1].content if i + 1 < len(tokens) else ""
            headings.append((int(tok.tag[1]), str(tok.attrGet("id")), _plain_inline(text)))
    parts = MORE.split(body, maxsplit=1)
    summary = md.render(strip_comments(parts[0] if len(parts) == 2 else _first_paragraph(body)))
    return Rendered(html=html, summary_html=summary, headings=headings)


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", _COMMENT.sub("", body)):
        if block.strip() and not block.lstrip().startswith(("#", "<")):
            return block
    return ""


def _plain_inline(text: str) -> str:
    tokens = plain_parser().parseInline(text)
    return "".join(_inline_text(tokens[0].children or [])) if tokens else text


def _inline_text(children: list[Token]) -> list[str]:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return out


def strip_comments(text: str) -> str:
    """Drop ``<!-- ... -->`` (commented-out entries, editor notes), and an unclosed ``<!--``
    with everything after it, as a browser would hide it."""
    text = _COMMENT.sub("", text)
    start = text.find("<!--")
    return text if start < 0 else text[:start]


def drop_comments(tokens: list[Token]) -> None:
    """Remove HTML comments from raw-HTML tokens.

    Commented-out entries are the editors' notes to themselves, not content: readers of
    the site, the feeds and the e-mail never see them, and text from outside that sits in
    them (a bot's PR title) never reaches a page, not even as an inert comment.
    """
    for tok in tokens:
        if tok.type in ("html_block", "html_inline"):
            tok.content = strip_comments(tok.content)
        if tok.children:
            drop_comments(tok.children)
