"""Titles as the editors write them: code-like words in backticks, a capital first letter,
no trailing ``(#123)``.

Editors copy PR titles from GitHub and then touch them up: ``Add Descriptor::dpl const
method`` is published as ``Add `Descriptor::dpl` const method``. This module knows the
*kinds* of code-like words (paths with ``::``, calls, generics, attributes, macros,
snake_case, CamelCase with inner capitals, file names), how to find them in the plain
text of a title, and how to apply a :class:`TitleStyle`. Which kinds a newsletter wraps,
and whether it capitalises or drops references, is learned from its archive
(``compose/learned_titles.py``); nothing here is about particular titles.

Text inside existing code spans, URLs and a leading conventional-commit prefix
(``fix(deps):``) is never touched, and a title with a stray backtick is left alone: a new
backtick could pair with it and turn the wrong words into code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thismonth.config import PolicyConfig

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_GENERIC = r"<[^\s<>`]*(?:<[^\s<>`]*>[^\s<>`]*)*>"
# Each kind: (key, people's label, pattern). The first kind that matches at a place wins,
# so the more specific shapes come first.
KINDS: tuple[tuple[str, str, str], ...] = (
    (
        "path",
        "`a::b` paths",
        rf"(?:{_IDENT})?(?:::{_IDENT})+(?:{_GENERIC})?(?:\(\))?",
    ),
    ("generic", "generics like `Name<T>`", rf"{_IDENT}{_GENERIC}(?:\(\))?"),
    ("call", "calls like `name()`", rf"\.?{_IDENT}\(\)"),
    ("attribute", "attributes like `repr(C)`", r"[a-z_][a-z0-9_]*\([A-Za-z0-9_, =\"]+\)"),
    ("macro", "macros like `name!`", r"[a-z_][a-z0-9_]*!(?=[\s(\[{]|$)"),
    (
        "file",
        "file names like `mem.rs`",
        r"\.?[\w-]+(?:/[\w.-]+)*\.(?:rs|toml|md|ya?ml|json|lock|sh|py|ld|x|s|S|asm|nix|cfg)"
        r"|\.[a-z][\w-]*(?:/[\w.-]+)+|\.(?:envrc|cargo|github|gitignore)",
    ),
    ("snake", "snake_case names", r"_*[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+_*"),
    ("camel", "CamelCase names like `SystemTable`", r"[A-Z]+[a-z0-9]+[A-Z][A-Za-z0-9]*"),
)
KIND_LABELS = {key: label for key, label, _ in KINDS}
_TOKEN = re.compile(
    r"(?<![\w`.:/<!\\&#\[-])(?:"
    + "|".join(f"(?P<{key}>{pat})" for key, _, pat in KINDS)
    + r")(?![\w`<]|::)"
)
# Kept as they are: code spans, URLs, and a leading ``type(scope)!:`` prefix.
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_URL = re.compile(r"<?https?://\S+")
# A conventional-commit prefix, ``type(scope)!: ``: never restyled; the type and scope are
# also what learned list/comment rules key on (learned_rules).
CONVENTIONAL = re.compile(r"^([A-Za-z][\w-]*)(?:\(([^)]*)\))?!?:\s")
# "(#123)", "(closes #287)", "(fixes #1, #2)" at the very end. A bare "#12" is left: in
# "Fix #12" it is what the title says.
TRAILING_REF = re.compile(
    r"\s*\((?:(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|see|part of|for)\s+)?"
    r"#\d+(?:\s*,\s*#\d+)*\)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TitleStyle:
    """What to do to a title: the token kinds to wrap in backticks, the projects whose
    titles get a capital first letter (``"*"``: every project), and whether trailing issue
    references go."""

    wrap: frozenset[str] = frozenset()
    capitalize: frozenset[str] = frozenset()
    drop_refs: bool = False
    no_capitalize: frozenset[str] = field(default=frozenset())  # projects that keep lowercase

    @property
    def empty(self) -> bool:
        return not (self.wrap or self.capitalize or self.drop_refs)

    def capitalizes(self, repo: str | None) -> bool:
        if repo in self.no_capitalize:
            return False
        return "*" in self.capitalize or (repo is not None and repo in self.capitalize)


ALL = TitleStyle(frozenset(KIND_LABELS), frozenset({"*"}), True)


def style_of(habits: frozenset[str] | set[str] | list[str]) -> TitleStyle:
    """The style of ``[policy] title_style`` habit names ("snake", "capitalize",
    "capitalize:owner/repo", "drop-refs")."""
    caps = {h.partition(":")[2] or "*" for h in habits if h.split(":")[0] == "capitalize"}
    return TitleStyle(
        wrap=frozenset(h for h in habits if h in KIND_LABELS),
        capitalize=frozenset(caps),
        drop_refs="drop-refs" in habits,
    )


def style_for(policy: PolicyConfig) -> TitleStyle:
    """What ``[policy] title_style`` asks for: the learned habits by default, none with
    "off", every one with "all", or exactly the listed ones."""
    setting = policy.title_style
    if setting == "off":
        return TitleStyle()
    if setting == "all":
        return ALL
    if isinstance(setting, list):
        return style_of(setting)
    return style_of(policy.learned_title_style)


def stray_backtick(title: str) -> bool:
    """A backtick that belongs to no code span: new backticks could pair with it."""
    return "`" in _CODE.sub("", title)


def protected(title: str) -> list[tuple[int, int]]:
    """Spans of ``title`` that styling never touches (code spans, URLs, the prefix)."""
    spans = [(m.start(), m.end()) for m in _CODE.finditer(title)]
    spans += [(m.start(), m.end()) for m in _URL.finditer(title)]
    prefix = CONVENTIONAL.match(title)
    if prefix:
        spans.append((0, prefix.end()))
    return spans


def tokens(title: str) -> list[Token]:
    """The code-like words of ``title`` outside code spans, URLs and the prefix."""
    keep = protected(title)
    out = []
    for m in _TOKEN.finditer(title):
        if any(a < m.end() and m.start() < b for a, b in keep):
            continue
        kind = next(k for k, _, _ in KINDS if m.group(k) is not None)
        if kind == "snake" and not re.search(r"[A-Za-z]", m.group(0)):
            continue
        if "--" in m.group(0):  # never a code span that could end an HTML comment
            continue
        out.append(Token(kind, m.group(0), m.start(), m.end()))
    return out


def code_spans(title: str) -> list[str]:
    """The contents of ``title``'s code spans (what the editors put in backticks)."""
    return [m.group(2).strip() for m in _CODE.finditer(title)]


def plain(title: str) -> str:
    """``title`` without code-span backticks: the words as a reader sees them."""
    return _CODE.sub(lambda m: m.group(2), title)


def first_letter(title: str) -> int | None:
    """Where the first word starts, when it is a plain lowercase word styling may
    capitalise (not after a ``scope:`` prefix, not a code-like word, not in a code span)."""
    if CONVENTIONAL.match(title) or re.match(r"^[\w-]+:\s", title):
        return None
    m = re.match(r"^[a-z][a-z]*\b", title)
    if m is None:
        return None
    if any(t.start == 0 for t in tokens(title)):
        return None
    if title[m.end() : m.end() + 1] in ("_", "(", "!", ":", ".", "/", "-", "<"):
        return None
    return 0


def style_title(title: str, style: TitleStyle, repo: str | None = None) -> str:
    """``title`` with ``style`` applied; unchanged when there is nothing to do."""
    if style.empty:
        return title
    out = title
    if style.drop_refs:
        dropped = TRAILING_REF.sub("", out)
        if dropped.strip():
            out = dropped
    if style.wrap and not stray_backtick(out):
        pieces = []
        pos = 0
        for tok in tokens(out):
            if tok.kind not in style.wrap:
                continue
            pieces.append(out[pos : tok.start])
            pieces.append(f"`{tok.text}`")
            pos = tok.end
        pieces.append(out[pos:])
        out = "".join(pieces)
    if style.capitalizes(repo) and first_letter(out) == 0:
        out = out[0].upper() + out[1:]
    return out
