"""Render the document model to Markdown through Jinja2 templates.

Templates are the newsletter's to override: a ``templates`` folder in the config is
searched before the built-in ones, file by file. Markdown is never assembled by string
concatenation here; the filters in ``escape`` are the only way outside text gets in.
"""

from __future__ import annotations

import functools
from contextlib import suppress
from pathlib import Path

import jinja2
import jinja2.bccache

from thismonth.compose.document import IssueDoc, PersonLink, ProjectSection
from thismonth.config import Config
from thismonth.errors import ThisMonthError
from thismonth.markdown.frontmatter import dump, issue_meta
from thismonth.markdown.text import collapse_blank_lines
from thismonth.render.escape import comment_safe, md_code, md_text, md_url

_BUILTIN = Path(__file__).parent / "templates"
_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def people(links: list[PersonLink]) -> str:
    """``[@a](u)``, ``[@a](u) and [@b](v)``, ``[@a](u), [@b](v), and [@c](w)``."""
    parts = [
        f"[@{md_text(p.login, code_spans=False)}]({md_url(p.url)})"
        if p.url
        else md_text(p.login, code_spans=False)
        for p in links
    ]
    return join_words(parts)


def join_words(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def number_word(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def environment(templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(_BUILTIN)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # Markdown, escaped by the filters below, not by HTML rules
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        md=md_text,
        md_plain=lambda s: md_text(s, code_spans=False),
        code=md_code,
        url=md_url,
        comment_safe=comment_safe,
        people=people,
        number_word=number_word,
    )
    return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (Jinja's own bytecode cache, in its per-user
    folder under the temporary directory). Compiling the issue's templates is most of
    what rendering costs, and every ``thismonth`` run is a new process. A template is
    recompiled when its text changes (Jinja checks a checksum of the source). A cache
    that cannot be read or written is a miss, never a failed draft."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (pickle and marshal raise many kinds): a miss
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # The Jinja version is in the file names: Jinja's own check covers the Python
    # version and the template's source, not the code generator that compiled it.
    try:
        return _TemplateCache(pattern=f"__thismonth_jinja{jinja2.__version__}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None


def render_issue(
    doc: IssueDoc, config: Config | None = None, *, templates: Path | None = None
) -> str:
    """The issue as Markdown with front matter, ready to write or print."""
    templates = templates or (config.newsletter.templates if config else None)
    env = environment(templates)
    meta = issue_meta(
        doc.title,
        doc.date,
        doc.month_label,
        doc.editors,
        doc.front_matter,
        editors_key=doc.editors_key,
    )
    return tidy(
        _render(env, "issue.md.j2", templates, doc=doc, front_matter=dump(meta, doc.front_matter))
    )


def render_project(section: ProjectSection, config: Config | None = None) -> str:
    """One project's list, thanks line and branch work: what ``thismonth collect`` prints."""
    templates = config.newsletter.templates if config else None
    return tidy(_render(environment(templates), "collect.md.j2", templates, p=section))


# What a newsletter's own template can raise while rendering ({{ x + 1 }} on a string,
# a missing key): the editor's code, so one line naming its file and line, no traceback.
_TEMPLATE_FAULTS = (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError)


def _render(env: jinja2.Environment, name: str, templates: Path | None, **context: object) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ThisMonthError(f"template {exc.name} not found in {templates or _BUILTIN}") from None
    except _TEMPLATE_FAULTS as exc:
        raise ThisMonthError(f"{_where(exc)}: template error: {exc}") from None


def _where(exc: BaseException) -> str:
    """``file:line`` in the template: from a syntax error, else from the innermost frame
    Jinja mapped back to a template (its tracebacks carry template file names)."""
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename and lineno:
        return f"{filename}:{lineno}"
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            filename, lineno = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return f"{filename or 'template'}:{lineno or '?'}"


def tidy(text: str) -> str:
    """Collapse runs of blank lines the templates' conditionals leave behind."""
    return collapse_blank_lines(text.splitlines(), strip_trailing=True)
