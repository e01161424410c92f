"""``thismonth build``: the issues as a static site, read as its pipeline.

    find issue files -> read front matter -> render Markdown (cached by content hash)
    -> pages, index, feeds into a staging folder -> swap it with the previous build

Every problem of every file is collected and reported at once; nothing is swapped in unless
the whole build succeeded, so a broken issue never takes the published site down.
An incremental build re-renders only pages whose source or neighbours changed (the
manifest ``.thismonth-build.json`` in the output records a key per page), stages just
those, and renames each over its old version once all are rendered; index and feeds are
always rewritten. Any other change (options, templates, version) rebuilds the whole tree
in a staging folder that is swapped in.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from thismonth import __version__
from thismonth.errors import ThisMonthError
from thismonth.site._errors import SiteError
from thismonth.site.feed import atom, rss
from thismonth.site.issues import Issue, digest, find_sources, read_issue
from thismonth.site.markdown import pygments_css, render_markdown

MANIFEST = ".thismonth-build.json"
RENDER_VERSION = "2"  # bump when the Markdown rendering changes, to drop cached fragments
TEMPLATES = ("base.html", "index.html", "issue.html", "comments.html")
COMMENT_KINDS = ("none", "utterances", "giscus")


@dataclass
class Comments:
    """The comment form at ``#comment-form``: utterances, giscus, or none."""

    kind: str = "none"
    repo: str = ""  # OWNER/NAME whose issues (utterances) or discussions (giscus) hold comments
    repo_id: str = ""  # giscus only
    category: str = ""  # giscus only
    category_id: str = ""  # giscus only
    label: str = "comments"  # utterances only
    github_url: str = "https://github.com"

    @property
    def issues_url(self) -> str:
        return f"{self.github_url.rstrip('/')}/{self.repo}/issues"

    def problems(self) -> list[str]:
        if self.kind not in COMMENT_KINDS:
            return [f"comments: {self.kind!r} is not one of {', '.join(COMMENT_KINDS)}"]
        out = []
        if self.kind != "none" and not self.repo:
            out.append(f"comments: {self.kind} needs a repository: pass --comments-repo OWNER/NAME")
        if self.repo and (self.repo.count("/") != 1 or not all(self.repo.split("/"))):
            out.append(f"comments: repository {self.repo!r} is not OWNER/NAME")
        if self.kind == "giscus":
            for key in ("repo_id", "category", "category_id"):
                if not getattr(self, key):
                    out.append(f"comments: giscus needs {key} (--giscus-{key.replace('_', '-')})")
        return out


@dataclass
class SiteOptions:
    root: Path  # the folder ``pattern`` is relative to (where thismonth.toml lives)
    output: Path = Path("public")
    pattern: str = "content/this-month/{month}/index.md"
    title: str = "This Month in Our Projects"
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"
    drafts: bool = False
    comments: Comments = field(default_factory=Comments)
    templates: Path | None = None  # a folder whose *.html override the built-in templates
    cache_dir: Path | None = None  # default: ROOT/.thismonth/site-cache
    github_url: str = "https://github.com"
    feed_limit: int = 20

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.root / ".thismonth" / "site-cache"

    def signature(self) -> str:
        """Everything besides an issue's own text that shapes its page."""
        parts: list[Any] = [
            __version__,
            RENDER_VERSION,
            self.title,
            self.base_url,
            self.drafts,
            self.github_url,
            sorted(vars(self.comments).items()),
        ]
        for name, text in sorted(_template_sources(self.templates).items()):
            parts.append((name, digest(text.encode())))
        return digest(json.dumps(parts, default=str).encode())


@dataclass
class BuildResult:
    output: Path
    issues: list[Issue]
    rendered: list[str]  # slugs of the pages written afresh
    reused: list[str]  # slugs left as the previous build wrote them
    seconds: float
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- templates


def _builtin_dir() -> Path:
    return Path(str(resources.files("thismonth.site") / "templates"))


def _template_sources(user_dir: Path | None) -> dict[str, str]:
    out = {}
    for folder in (_builtin_dir(), user_dir):
        if folder and folder.is_dir():
            for path in folder.glob("*.html"):
                out[path.name] = path.read_text(encoding="utf-8")
    return out


class _Env:
    def __init__(self, options: SiteOptions) -> None:
        self.options = options
        dirs = []
        if options.templates is not None:
            if not options.templates.is_dir():
                raise SiteError(f"{options.templates}: template folder not found")
            dirs.append(str(options.templates))
        dirs.append(str(_builtin_dir()))
        self.dirs = dirs
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(dirs),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.globals["profile_url"] = self.profile_url
        self.env.globals["site"] = {
            "title": options.title,
            "description": options.description,
            "base_url": options.base_url,
            "language": "en",
        }
        self.env.globals["comments"] = options.comments

    def profile_url(self, login: str) -> str:
        return f"{self.options.github_url.rstrip('/')}/{quote(login, safe='')}"

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            raise SiteError(
                f"template {exc.name!r} not found (looked in {', '.join(self.dirs)})"
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise SiteError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None

    def render(self, name: str, **context: Any) -> str:
        template = self.template(name)
        try:
            return template.render(**context)
        except jinja2.TemplateNotFound as exc:
            raise SiteError(
                f"{name}: includes template {exc.name!r}, which is not found "
                f"(looked in {', '.join(self.dirs)})"
            ) from None
        except jinja2.TemplateError as exc:
            raise SiteError(f"{name}: template error: {exc}") from None


# ---------------------------------------------------------------- the pipeline


def build(options: SiteOptions) -> BuildResult:
    """Build the site into ``options.output``; raise SiteError and leave it as it was on failure."""
    started = time.perf_counter()
    output = options.output
    env = _Env(options)
    for name in TEMPLATES:
        env.template(name)
    problems = options.comments.problems()
    if problems:
        raise SiteError(problems)
    _check_output(output)
    issues = read_issues(options)
    visible = [i for i in issues if options.drafts or not i.draft]
    damaged = [i.damage for i in visible if i.damage]
    if damaged:
        raise SiteError(damaged)
    _render_fragments(visible, options.cache)
    signature = options.signature()
    old = _read_manifest(output)
    reuse_ok = old.get("signature") == signature
    old_pages: dict[str, str] = old.get("pages", {}) if reuse_ok else {}

    # In place when the previous build is ours and compatible: only changed files are
    # staged, then each is renamed over its old version. Otherwise a whole new tree is
    # staged and swapped in. Either way nothing in ``output`` changes before every
    # file has been rendered, so a failure leaves the previous build as it was.
    in_place = bool(old_pages) and output.is_dir()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.build-"))
    except OSError as exc:
        raise SiteError(f"{output.parent}: cannot create the output: {exc.strerror}") from None
    rendered: list[str] = []
    reused: list[str] = []
    try:
        pages: dict[str, str] = {}
        for index, issue in enumerate(visible):
            prev = visible[index - 1] if index > 0 else None
            nxt = visible[index + 1] if index + 1 < len(visible) else None
            key = digest(
                json.dumps(
                    [signature, issue.sha, issue.draft, _neighbour(prev), _neighbour(nxt)]
                ).encode()
            )
            pages[issue.slug] = key
            unchanged = in_place and old_pages.get(issue.slug) == key
            if unchanged and (output / issue.slug / "index.html").is_file():
                reused.append(issue.slug)
                continue
            html = env.render("issue.html", issue=issue, prev=prev, next=nxt, root="../")
            target = stage / issue.slug / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            rendered.append(issue.slug)
        newest_first = list(reversed(visible))
        (stage / "index.html").write_text(
            env.render("index.html", issues=newest_first, root=""), encoding="utf-8"
        )
        feed_args = {
            "title": options.title,
            "base_url": options.base_url,
            "limit": options.feed_limit,
        }
        (stage / "atom.xml").write_bytes(atom(visible, **feed_args))
        (stage / "rss.xml").write_bytes(rss(visible, description=options.description, **feed_args))
        (stage / "style.css").write_text(_stylesheet(options.templates), encoding="utf-8")
        manifest = {"generator": f"thismonth {__version__}", "signature": signature, "pages": pages}
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if in_place:
            _commit_in_place(stage, output, rendered, gone=set(old_pages) - set(pages))
        else:
            _swap(stage, output)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        where = exc.filename or output
        raise SiteError(f"{where}: cannot write the site: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _prune_cache(options.cache, {i.sha for i in issues})
    return BuildResult(
        output=output,
        issues=visible,
        rendered=rendered,
        reused=reused,
        seconds=time.perf_counter() - started,
    )


def read_issues(options: SiteOptions) -> list[Issue]:
    """Every issue under the content root, by month; every broken file reported at once."""
    sources = find_sources(options.root, options.pattern)
    if not sources:
        raise SiteError(
            f"{options.root / options.pattern}: no issue files match; "
            "check --root or newsletter.output in thismonth.toml"
        )
    issues: list[Issue] = []
    problems: list[str] = []
    seen: dict[str, Issue] = {}
    for source in sources:
        try:
            issue = read_issue(source)
        except ThisMonthError as exc:
            problems.extend(exc.lines())
            continue
        if issue.month in seen:
            problems.append(
                f"{issue.source}: month {issue.month} is also covered by {seen[issue.month].source}"
            )
            continue
        seen[issue.month] = issue
        issues.append(issue)
    if problems:
        raise SiteError(problems)
    return sorted(issues, key=lambda i: i.month)


def _neighbour(issue: Issue | None) -> list[str] | None:
    return None if issue is None else [issue.slug, issue.month_label]


def _render_fragments(issues: list[Issue], cache: Path) -> None:
    """Fill in each issue's HTML, from the cache when its text has not changed."""
    folder = cache / "fragments"
    for issue in issues:
        path = folder / f"{issue.sha}-{RENDER_VERSION}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            issue.html, issue.summary_html = data["html"], data["summary"]
            issue.headings = [tuple(h) for h in data["headings"]]  # type: ignore[misc]
            continue
        except (OSError, ValueError, KeyError, TypeError):
            pass
        result = render_markdown(issue.body)
        issue.html, issue.summary_html, issue.headings = (
            result.html,
            result.summary_html,
            result.headings,
        )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps(
                    {
                        "html": result.html,
                        "summary": result.summary_html,
                        "headings": result.headings,
                    }
                ),
                encoding="utf-8",
            )
            os.replace(tmp, path)
        except OSError:
            pass  # a cache we cannot write only costs time


def _prune_cache(cache: Path, keep: set[str]) -> None:
    folder = cache / "fragments"
    if not folder.is_dir():
        return
    for path in folder.glob("*.json"):
        if path.name.split("-", 1)[0] not in keep:
            path.unlink(missing_ok=True)


def _stylesheet(user_dir: Path | None) -> str:
    if user_dir is not None and (user_dir / "style.css").is_file():
        base = (user_dir / "style.css").read_text(encoding="utf-8")
    else:
        base = (resources.files("thismonth.site") / "static" / "style.css").read_text(
            encoding="utf-8"
        )
    return base + "\n/* code highlighting (pygments) */\n" + _pygments_css_cached()


_PYGMENTS_CSS: list[str] = []


def _pygments_css_cached() -> str:
    if not _PYGMENTS_CSS:
        _PYGMENTS_CSS.append(pygments_css())
    return _PYGMENTS_CSS[0]


# ---------------------------------------------------------------- output folder


def _read_manifest(output: Path) -> dict[str, Any]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _check_output(output: Path) -> None:
    """Refuse to replace a folder thismonth did not build (``-o .`` must not eat a project)."""
    if output.exists() and not output.is_dir():
        raise SiteError(f"{output}: exists and is not a folder; choose another --output")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise SiteError(
            f"{output}: folder exists and was not built by thismonth; "
            "empty it or choose another --output"
        )


def _commit_in_place(stage: Path, output: Path, slugs: list[str], gone: set[str]) -> None:
    """Rename each staged file over its old version (atomic per file), manifest last."""
    for slug in slugs:
        (output / slug).mkdir(exist_ok=True)
        os.replace(stage / slug / "index.html", output / slug / "index.html")
    for slug in gone:
        shutil.rmtree(output / slug, ignore_errors=True)
    for name in ("index.html", "atom.xml", "rss.xml", "style.css", MANIFEST):
        os.replace(stage / name, output / name)
    shutil.rmtree(stage, ignore_errors=True)


def _swap(stage: Path, output: Path) -> None:
    """Put the new build in place; the old one is renamed away first, then deleted."""
    if output.exists():
        trash = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.old-"))
        os.rename(output, trash / "site")
        try:
            os.rename(stage, output)
        except OSError:
            os.rename(trash / "site", output)
            raise
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.rename(stage, output)
    os.chmod(output, 0o755)
