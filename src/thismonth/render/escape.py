"""Escaping for Markdown: text written by strangers must show exactly as written.

PR titles, logins and branch names come from outside. In Markdown they could open links,
images, emphasis, raw HTML or close the ``<!-- -->`` of a commented-out line. Every such
text passes through one of these filters on its way into a template.

Titles keep GitHub's one formatting convention: a balanced backtick code span renders
as code, exactly as GitHub renders it in the PR list and as the editors copy it. Inside
a code span nothing is interpreted, so it is safe as long as it cannot end an HTML
comment; any other backtick is escaped.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# ASCII punctuation that can start Markdown or HTML syntax inline. Backslash escapes
# are valid for every ASCII punctuation character in CommonMark, so over-escaping is safe.
_ALWAYS = frozenset("\\`*[]<>~")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Fold newlines and control characters: a title is one line of a list."""
    cleaned = "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)
    return _WS.sub(" ", cleaned).strip()


def md_text(text: str, *, code_spans: bool = True) -> str:
    """Escape inline text (link text, a name) so it renders as written.

    With ``code_spans``, balanced backtick spans stay code spans, as on GitHub.
    """
    text = one_line(text)
    if not code_spans:
        return _escape_plain(text)
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        inner = m.group(2)
        if "-->" in inner or "<!--" in inner or inner.strip() == "":
            continue
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    """Backslash-escape what could start syntax, and only that, so drafts stay readable.

    ``_`` between two letters or digits cannot open or close emphasis, and ``&`` starts
    an entity only when an entity follows, so ``try_from`` and ``R&D`` stay as they are.
    """
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_" and not (0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum()):
            out.append("\\_")
        elif ch == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        else:
            out.append(ch)
    return "".join(out)


def md_code(text: str) -> str:
    """An inline code span holding ``text`` literally, whatever backticks it contains."""
    text = one_line(text)
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_url(url: str) -> str:
    """A link destination that cannot break out of ``(...)``."""
    url = one_line(url)
    if not re.match(r"^(https?://|mailto:|/|#)", url):
        url = "#"
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def comment_safe(text: str) -> str:
    """Text inside an HTML comment must never end it early."""
    return text.replace("-->", "--\\>").replace("--!>", "--!\\>")
