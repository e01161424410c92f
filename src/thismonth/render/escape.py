r"""Escaping for Markdown: text written by strangers must show exactly as written.

PR titles, logins and branch names come from outside. In Markdown they could open links,
images, emphasis, raw HTML or close the ``<!-- -->`` of a commented-out line. Every such
text passes through one of these filters on its way into a template.

Titles keep GitHub's one formatting convention: a balanced backtick code span renders
as code, exactly as GitHub renders it in the PR list and as the editors copy it. Inside
a code span nothing is interpreted, so it is safe as long as it cannot end an HTML
comment; any other backtick is escaped.

Editors copy titles as they are on GitHub, and readers of the Markdown should not stumble
over ``\_print`` or ``-\>``. So :func:`md_text` escapes only what would change how the
line parses, and proves it: each candidate escaping (none, the minimal per-character one,
a character-class heuristic, every punctuation character) is parsed with markdown-it-py
(CommonMark, plus the ``~~`` strikethrough GitHub and Zola render) in the places the
templates put it (link text of a list item, after a prefix inside it, a commented-out
line, running text), and the shortest that renders back to exactly the text, inside its
link and its comment, wins.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from thismonth.markdown.comments import scan

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
    """Escape inline text (link text, a name) so it renders as written, minimally.

    With ``code_spans``, balanced backtick spans stay code spans, as on GitHub.
    """
    return _shortest(one_line(text), code_spans)


Segment = tuple[str, str]  # ("text", s) or ("code", the code span's content)


def escape_candidates(text: str, *, code_spans: bool = True) -> list[str]:
    """Every escaping :func:`md_text` considers for ``text``, in order of preference:
    with code spans kept (when asked), then as plain text; within each, none, minimal
    per character, the character-class heuristic, and every punctuation character."""
    text = one_line(text)
    return [c for pieces in _readings(text, code_spans) for c in _candidates(pieces)]


@functools.lru_cache(maxsize=4096)
def _shortest(text: str, code_spans: bool) -> str:
    """The shortest candidate escaping of ``text`` that renders back to it exactly."""
    if not _SYNTAX.intersection(text):
        # Only these characters start inline syntax (escapes, code, emphasis and
        # strikethrough, links and images, HTML and autolinks, entities); the line's
        # start is never the text's, and one_line left no line break. Most titles
        # take this path; the hypothesis test checks it like every other.
        return text
    for pieces in _readings(text, code_spans):
        expected = _expected(pieces)
        plain = "".join(p for _, p in pieces)
        if _renders(plain, expected):  # nothing to escape: nothing shorter exists
            return plain
        good = [c for c in _candidates(pieces) if _renders(c, expected)]
        if good:
            return min(good, key=len)
    # Unreachable: escaping every punctuation character always renders as written
    # (CommonMark allows a backslash before any ASCII punctuation).
    raise AssertionError(f"no escaping of {text!r} renders as written")


def _readings(text: str, code_spans: bool) -> list[list[tuple[str, str]]]:
    """How ``text`` may be shown: with its code spans as code first, else all text."""
    plain = [("text", text)] if text else []
    if code_spans:
        pieces = _pieces(text)
        if any(kind == "code" for kind, _ in pieces):
            return [pieces, plain]
    return [plain]


def _pieces(text: str) -> list[tuple[str, str]]:
    """``text`` cut into plain runs and the code spans (with backticks) kept as code."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        inner = m.group(2)
        if "-->" in inner or "<!--" in inner or "--!>" in inner or inner.strip() == "":
            continue
        if m.start() > pos:
            out.append(("text", text[pos : m.start()]))
        out.append(("code", m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


def _candidates(pieces: list[tuple[str, str]]) -> list[str]:
    expected = _expected(pieces)
    return [
        "".join(p for _, p in pieces),
        _minimal(pieces, expected),
        "".join(_escape_plain(p) if kind == "text" else p for kind, p in pieces),
        "".join(_escape_all(p) if kind == "text" else p for kind, p in pieces),
    ]


def _minimal(pieces: list[tuple[str, str]], expected: tuple[Segment, ...]) -> str:
    """Every punctuation character escaped, then each escape dropped, right to left,
    when the line still renders as written without it: minimal per character. Right to
    left keeps the escape on an opener (``\\<b>``, ``\\[x]``), the way people write it."""
    runs: list[list[str]] = []  # per piece, its characters, escaped ones as "\c"
    for kind, p in pieces:
        runs.append([("\\" + c if c in _PUNCT else c) for c in p] if kind == "text" else [p])
    for r, (kind, _) in reversed(list(enumerate(pieces))):
        if kind != "text":
            continue
        for i in reversed(range(len(runs[r]))):
            unit = runs[r][i]
            if len(unit) != 2:
                continue
            runs[r][i] = unit[1]
            if not _renders("".join("".join(run) for run in runs), expected):
                runs[r][i] = unit
    return "".join("".join(run) for run in runs)


def _escape_all(text: str) -> str:
    return "".join("\\" + c if c in _PUNCT else c for c in text)


_SYNTAX = frozenset("\\`*_[]<>!&~")

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MD = MarkdownIt("commonmark").enable("strikethrough")
_URL = "https://x.invalid/1"
_PREFIX = "(x) "


def _expected(pieces: list[tuple[str, str]]) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for kind, p in pieces:
        if kind == "code":
            ticks = len(p) - len(p.lstrip("`"))
            inner = p[ticks:-ticks]
            if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
                inner = inner[1:-1]  # CommonMark strips one space on each side
            out.append(("code", inner))
        elif out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + p)
        else:
            out.append(("text", p))
    return tuple(out)


def _renders(candidate: str, expected: tuple[Segment, ...]) -> bool:
    """Whether ``candidate`` shows as ``expected`` wherever the templates put it."""
    # The draft's own comment scanner (merge, check, site) must not see a comment open
    # or close in a title either: "<!--" or "-->" as text would make the draft "damaged".
    found = scan([f"- [{candidate}]({_URL})"])
    if found.unclosed is not None or found.stray_close is not None:
        return False
    lines = [
        f"- [{candidate}]({_URL})",
        f"* [{_PREFIX}{candidate}]({_URL})",  # another bullet: a list of its own
        f"<!-- - [{comment_safe(candidate)}]({_URL}) -->",
        f"x {candidate} x",
    ]
    try:
        tokens = _MD.parse("\n\n".join(lines) + "\n")
    except Exception:  # markdown-it never should; if it does, this is not the one
        return False
    blocks = _blocks(tokens)
    if [kind for kind, _ in blocks] != ["list", "list", "html", "para"]:
        return False
    (_, a), (_, b), (_, comment), (_, para) = blocks
    prefixed = _prefix(expected, _PREFIX)
    return (
        _link_text(a) == expected
        and _link_text(b) == prefixed
        and comment == [lines[2] + "\n"]
        and _segments(para) == _prefix(_suffix(expected, " x"), "x ")
    )


def _blocks(tokens: list[Token]) -> list[tuple[str, list]]:
    """Top-level blocks as (kind, inline children or html content)."""
    out: list[tuple[str, list]] = []
    depth = 0
    for tok in tokens:
        if depth == 0 and tok.nesting == 1:
            kind = {"bullet_list_open": "list", "paragraph_open": "para"}.get(tok.type, tok.type)
            out.append((kind, []))
        elif depth == 0 and tok.type == "html_block":
            out.append(("html", [tok.content]))
        elif depth == 0:
            out.append((tok.type, []))
        elif tok.type == "inline" and out:
            out[-1][1].append(tok)
        depth += tok.nesting
    return out


def _link_text(inlines: list) -> tuple[Segment, ...] | None:
    """The segments of a list item's only inline, if it is exactly one link and nothing else."""
    if len(inlines) != 1:
        return None
    children = inlines[0].children or []
    if len(children) < 2 or children[0].type != "link_open" or children[-1].type != "link_close":
        return None
    if children[0].attrGet("href") != _URL:
        return None
    return _segments_of(children[1:-1])


def _segments(inlines: list) -> tuple[Segment, ...] | None:
    if len(inlines) != 1:
        return None
    return _segments_of(inlines[0].children or [])


def _segments_of(children: list[Token]) -> tuple[Segment, ...] | None:
    out: list[Segment] = []
    for child in children:
        if child.type == "text":
            if out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + child.content)
            else:
                out.append(("text", child.content))
        elif child.type == "code_inline":
            out.append(("code", child.content))
        else:  # a link, emphasis, HTML, a line break: the text did not stay text
            return None
    return tuple(s for s in out if s != ("text", ""))


def _prefix(segments: tuple[Segment, ...], text: str) -> tuple[Segment, ...]:
    if segments and segments[0][0] == "text":
        return (("text", text + segments[0][1]), *segments[1:])
    return (("text", text), *segments)


def _suffix(segments: tuple[Segment, ...], text: str) -> tuple[Segment, ...]:
    if segments and segments[-1][0] == "text":
        return (*segments[:-1], ("text", segments[-1][1] + text))
    return (*segments, ("text", text))


def _escape_plain(text: str) -> str:
    """A candidate: backslash-escape every character of a class that could start syntax.

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


# What ends a comment: ``-->`` and ``--!>`` (HTML5), and ``-- >`` for older parsers
# (the html.parser of Python 3.11 among them).
_COMMENT_END = re.compile(r"--(\s*!?)>")


def comment_safe(text: str) -> str:
    """Text inside an HTML comment must never end it early."""
    return _COMMENT_END.sub(r"--\1\\>", text)
