"""Options of the site verbs (build, serve, email), spelled once.

The site keys are CLI options until thismonth.toml grows a ``[site]`` table; each one
also reads ``Config.site_*`` when the lead adds it (see docs/site.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thismonth.config import Config, default_config, load_config
from thismonth.errors import ConfigError
from thismonth.site.build import COMMENT_KINDS, Comments, SiteOptions

F = Callable[..., Any]


def site_config_option(f: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The newsletter's config file [default: thismonth.toml when it exists].",
    )(f)


def load_site_config(config_path: Path | None) -> Config:
    if config_path is not None:
        return load_config(config_path)
    default = Path("thismonth.toml")
    if default.is_file():
        return load_config(default)
    return default_config()


def site_options(f: F) -> F:
    options = [
        click.option(
            "--root",
            type=click.Path(path_type=Path, file_okay=False),
            default=None,
            help="Folder the issue paths (newsletter.output) are relative to "
            "[default: the config file's folder, else the current one].",
        ),
        click.option("--title", default=None, help="Site title [default: This Month in NAME]."),
        click.option(
            "--base-url",
            default=None,
            help="Public URL of the site, for feeds and canonical links.",
        ),
        click.option(
            "--comments",
            type=click.Choice(COMMENT_KINDS),
            default=None,
            help="Comment form at #comment-form [default: none].",
        ),
        click.option("--comments-repo", default=None, help="OWNER/NAME holding the comments."),
        click.option("--giscus-repo-id", default=None, help="giscus: data-repo-id."),
        click.option("--giscus-category", default=None, help="giscus: data-category."),
        click.option("--giscus-category-id", default=None, help="giscus: data-category-id."),
        click.option(
            "--templates",
            type=click.Path(path_type=Path, file_okay=False),
            default=None,
            help="Folder of *.html (and style.css) overriding the built-in site templates.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def require_base_url(config: Config, base_url: str | None) -> None:
    """Feeds and the e-mail's "read it on the web" link are published: they need the
    site's real address, never the preview's ``http://127.0.0.1:8000`` default."""
    url = base_url or getattr(config, "site_base_url", "") or ""
    if re.match(r"^https?://[^/\s]+", url):
        return
    where = f"{config.path}: " if config.path else ""
    if url:
        raise ConfigError(f"{where}site.base_url {url!r}: expected an http(s) URL")
    raise ConfigError(
        f"{where}site.base_url is not set: feeds and e-mail links need the site's public URL; "
        'set [site] base_url = "https://..." in thismonth.toml, or pass --base-url'
    )


def make_options(config: Config, output: Path, drafts: bool, **kw: Any) -> SiteOptions:
    """SiteOptions from the config, then the command line."""
    kind = kw.get("comments") or getattr(config, "site_comments", None) or "none"
    comments = Comments(
        kind=kind,
        repo=kw.get("comments_repo") or getattr(config, "site_comments_repo", "") or "",
        repo_id=kw.get("giscus_repo_id") or getattr(config, "site_giscus_repo_id", "") or "",
        category=kw.get("giscus_category") or getattr(config, "site_giscus_category", "") or "",
        category_id=kw.get("giscus_category_id")
        or getattr(config, "site_giscus_category_id", "")
        or "",
    )
    return SiteOptions.from_config(
        config,
        output=output,
        drafts=drafts,
        root=kw.get("root"),
        title=kw.get("title"),
        base_url=kw.get("base_url"),
        templates=kw.get("templates"),
        comments=comments,
    )
