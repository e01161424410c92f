"""``thismonth email``: one issue as an HTML e-mail and as plain text.

Mail clients ignore ``<style>`` and classes in part (Gmail, Outlook), so the HTML carries
its styles inline on every element, inside a 600-pixel presentation table. The plain-text
part shows each link as ``text [n]`` and lists the URLs, numbered, at the end.
Commented-out entries (``<!-- ... -->``) and the page's anchors are left out of both;
relative links are made absolute against the issue's public URL.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from html import escape as escape_html
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import jinja2
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup

from thismonth.errors import ThisMonthError
from thismonth.render.xml_chars import xml_safe
from thismonth.site._errors import SiteError
from thismonth.site.build import SiteOptions, _builtin_dir
from thismonth.site.issues import Issue, find_sources, read_issue
from thismonth.site.markdown import MORE, drop_comments
from thismonth.writing import write_atomic

FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
MONO = "SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace"
STYLES = {
    "h1": f"font-family:{FONT};font-size:26px;line-height:1.25;margin:0 0 8px;color:#1d1d1f;",
    "h2": f"font-family:{FONT};font-size:21px;line-height:1.3;margin:28px 0 10px;color:#1d1d1f;",
    "h3": f"font-family:{FONT};font-size:18px;line-height:1.3;margin:24px 0 8px;color:#1d1d1f;",
    "h4": f"font-family:{FONT};font-size:16px;line-height:1.3;margin:20px 0 6px;color:#1d1d1f;",
    "h5": f"font-family:{FONT};font-size:15px;margin:16px 0 6px;color:#1d1d1f;",
    "h6": f"font-family:{FONT};font-size:14px;margin:16px 0 6px;color:#1d1d1f;",
    "p": f"font-family:{FONT};font-size:16px;line-height:1.6;margin:0 0 14px;color:#1d1d1f;",
    "a": "color:#0b57d0;text-decoration:underline;",
    "ul": "margin:0 0 14px;padding-left:24px;",
    "ol": "margin:0 0 14px;padding-left:24px;",
    "li": f"font-family:{FONT};font-size:16px;line-height:1.6;margin:0 0 4px;color:#1d1d1f;",
    "code": f"font-family:{MONO};font-size:0.9em;background:#f4f4f1;padding:1px 4px;border-radius:3px;",
    "pre": f"font-family:{MONO};font-size:13px;line-height:1.45;background:#f4f4f1;padding:12px;"
    "border-radius:4px;overflow-x:auto;white-space:pre-wrap;margin:0 0 14px;",
    "blockquote": "margin:0 0 14px;padding:0 0 0 12px;border-left:3px solid #d0d0cc;color:#5f6368;",
    "hr": "border:0;border-top:1px solid #e3e3e0;margin:24px 0;",
    "table": "border-collapse:collapse;margin:0 0 14px;",
    "th": f"font-family:{FONT};font-size:14px;border:1px solid #e3e3e0;padding:4px 8px;text-align:left;",
    "td": f"font-family:{FONT};font-size:14px;border:1px solid #e3e3e0;padding:4px 8px;",
    "img": "max-width:100%;height:auto;",
}


@dataclass
class Email:
    subject: str
    html: str
    text: str
    url: str


def find_issue(options: SiteOptions, month: str) -> Issue:
    """The issue of ``month`` (YYYY-MM); other, broken issues do not get in the way."""
    problems = []
    for source in find_sources(options.root, options.pattern):
        if source.month is not None and source.month != month:
            continue
        try:
            issue = read_issue(source)
        except ThisMonthError as exc:
            if source.month == month:
                raise SiteError(exc.lines()) from None
            problems.extend(exc.lines())
            continue
        if issue.month == month:
            return issue
    hint = f" ({len(problems)} unreadable files skipped)" if problems else ""
    raise SiteError(f"{options.root / options.pattern}: no issue for {month}{hint}")


def render_email(issue: Issue, options: SiteOptions) -> Email:
    if issue.damage:
        raise SiteError(issue.damage)
    url = f"{options.base_url}{issue.slug}/"
    md = email_parser()
    tokens = md.parse(MORE.sub("", issue.body))
    drop_comments(tokens)
    _absolutize(tokens, url)
    _inline_styles(tokens)
    html_body = md.renderer.render(tokens, md.options, {})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            ([str(options.templates)] if options.templates else []) + [str(_builtin_dir())]
        ),
        autoescape=True,
    )
    try:
        template = env.get_template("email.html")
    except jinja2.TemplateNotFound:
        raise SiteError(f"template 'email.html' not found (looked in {_builtin_dir()})") from None
    editors = [
        (login, f"{options.github_url.rstrip('/')}/{quote(login, safe='')}")
        for login in issue.editors
    ]
    html = template.render(
        issue=issue,
        url=url,
        body=Markup(html_body),
        editors=editors,
        styles=STYLES,
        site_title=options.title,
    )
    # Control characters in the issue would show as boxes (or break the message): dropped.
    return Email(
        subject=xml_safe(issue.title),
        html=xml_safe(html),
        text=xml_safe(render_text(issue, tokens, url)),  # no terminal escapes either
        url=url,
    )


@cache
def email_parser() -> MarkdownIt:
    """The plain parser, with code blocks as one styled ``<pre>`` (clients drop classes)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")

    def code(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        return (
            f'<pre style="{STYLES["pre"]}"><code>{escape_html(tokens[idx].content)}</code></pre>\n'
        )

    md.add_render_rule("fence", code)
    md.add_render_rule("code_block", code)
    return md


_RAW_A = re.compile(r"<a(\s[^>]*)?>", re.IGNORECASE)
_RAW_URL = re.compile(r"""\b(href|src)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE)


def _absolutize(tokens: list[Token], base: str) -> None:
    for tok in _walk(tokens):
        for attr in ("href", "src"):
            value = tok.attrGet(attr)
            if isinstance(value, str) and value:
                tok.attrSet(attr, urljoin(base, value))
        if tok.type in ("html_inline", "html_block"):
            # An editor's own <a href="#comment-form"> must work from a mailbox too.
            tok.content = _RAW_URL.sub(
                lambda m: f"{m.group(1)}={m.group(2)}{urljoin(base, m.group(3))}{m.group(2)}",
                tok.content,
            )
            tok.content = _RAW_A.sub(
                lambda m: (
                    m.group(0)
                    if "style=" in m.group(0).lower()
                    else f'<a style="{STYLES["a"]}"{m.group(1) or ""}>'
                ),
                tok.content,
            )


def _inline_styles(tokens: list[Token]) -> None:
    for tok in _walk(tokens):
        if tok.nesting >= 0 and tok.tag in STYLES and tok.type != "html_inline":
            tok.attrSet("style", STYLES[tok.tag])


def _walk(tokens: list[Token]):
    for tok in tokens:
        yield tok
        if tok.children:
            yield from _walk(tok.children)


# ---------------------------------------------------------------- plain text


class _Links:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1


def render_text(issue: Issue, tokens: list[Token], url: str, width: int = 72) -> str:
    links = _Links()
    head = [issue.title, "=" * min(len(issue.title), width), ""]
    meta = issue.date_label
    if issue.editors:
        meta += " · edited by " + ", ".join(f"@{e}" for e in issue.editors)
    head += [meta, f"Read it on the web: {url}", ""]
    blocks = _blocks(SyntaxTreeNode(tokens), links, width)
    out = "\n".join(head) + "\n" + "\n\n".join(b for b in blocks if b.strip()) + "\n"
    if links.urls:
        out += "\nLinks:\n" + "".join(f"[{i}] {u}\n" for i, u in enumerate(links.urls, start=1))
    return out


def _inline(node: SyntaxTreeNode, links: _Links) -> str:
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "code_inline":
            parts.append(f"`{child.content}`")
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link":
            parts.append(_inline(child, links))
            href = str(child.attrs.get("href", ""))
            if href:
                parts.append(f" [{links.number(href)}]")
        elif kind == "image":
            src = str(child.attrs.get("src", ""))
            parts.append(f"[image: {child.content}] [{links.number(src)}]")
        elif kind == "html_inline":
            continue
        else:
            parts.append(_inline(child, links))
    return "".join(parts)


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    lines = []
    for i, para in enumerate(text.split("\n")):
        lines.append(
            textwrap.fill(
                para,
                width=width,
                initial_indent=first if i == 0 else rest,
                subsequent_indent=rest,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or (first if i == 0 else rest).rstrip()
        )
    return "\n".join(lines)


def _blocks(node: SyntaxTreeNode, links: _Links, width: int) -> list[str]:
    out: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "heading":
            text = _inline(child.children[0], links)
            level = int(child.tag[1])
            if level <= 2:
                out.append(f"{text}\n{'=' * min(len(text), width)}")
            elif level == 3:
                out.append(f"{text}\n{'-' * min(len(text), width)}")
            else:
                out.append(f"{'#' * level} {text}")
        elif kind == "paragraph":
            out.append(_wrap(_inline(child.children[0], links), width))
        elif kind in ("bullet_list", "ordered_list"):
            out.append(_list(child, links, width))
        elif kind in ("fence", "code_block"):
            out.append(textwrap.indent(child.content.rstrip("\n"), "    "))
        elif kind == "blockquote":
            inner = "\n\n".join(_blocks(child, links, width - 2))
            out.append(textwrap.indent(inner, "> ", lambda _line: True))
        elif kind == "hr":
            out.append("-" * 24)
        elif kind == "table":
            rows = []
            for row in (r for section in child.children for r in section.children):
                rows.append(" | ".join(_inline(cell.children[0], links) for cell in row.children))
            out.append("\n".join(rows))
        elif kind == "html_block":
            continue
        else:
            out.extend(_blocks(child, links, width))
    return out


def _list(node: SyntaxTreeNode, links: _Links, width: int) -> str:
    items = []
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    for i, item in enumerate(node.children):
        marker = f"{start + i}. " if node.type == "ordered_list" else "- "
        indent = " " * len(marker)
        inner = _blocks(item, links, width - len(marker))
        text = "\n".join(inner) if inner else ""
        lines = text.split("\n")
        items.append(
            "\n".join(
                (marker if j == 0 else indent) + line if line else ""
                for j, line in enumerate(lines)
            )
        )
    return "\n".join(items)


def write_email(email: Email, folder: Path, stem: str) -> list[Path]:
    """Write STEM.html and STEM.txt into ``folder`` atomically; return both paths."""
    paths = []
    for suffix, text in ((".html", email.html), (".txt", email.text)):
        path = folder / f"{stem}{suffix}"
        write_atomic(path, text)  # one line on any failure, no temporary file left
        paths.append(path)
    return paths
