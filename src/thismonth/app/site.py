"""Use cases of the site: build it, write a month's e-mail, and the options they share.

The site's options come from ``[site]`` in thismonth.toml, then the command line; one
function merges them so build, serve and email agree on every key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from thismonth.config import Config
from thismonth.errors import ConfigError
from thismonth.months import Month
from thismonth.site.build import BuildResult, Comments, SiteOptions, build
from thismonth.site.email import find_issue, render_email, write_email
from thismonth.site.issues import Issue


def site_options(config: Config, output: Path, drafts: bool, **overrides: Any) -> SiteOptions:
    """SiteOptions from the config's ``[site]``, then the command line (``overrides``)."""
    site = config.site
    comments = Comments(
        kind=overrides.get("comments") or site.comments or "none",
        repo=overrides.get("comments_repo") or site.comments_repo,
        repo_id=overrides.get("giscus_repo_id") or site.giscus_repo_id,
        category=overrides.get("giscus_category") or site.giscus_category,
        category_id=overrides.get("giscus_category_id") or site.giscus_category_id,
        github_url=config.newsletter.github_url,
    )
    values: dict[str, Any] = {
        "root": overrides.get("root") or config.root,
        "output": output,
        "drafts": drafts,
        "pattern": config.newsletter.output,
        "title": overrides.get("title") or site.title or f"This Month in {config.newsletter.name}",
        "github_url": config.newsletter.github_url,
        "templates": overrides.get("templates"),
        "comments": comments,
    }
    for key in ("base_url", "description"):
        value = overrides.get(key) or getattr(site, key)
        if value:
            values[key] = value
    return SiteOptions(**{k: v for k, v in values.items() if v is not None})


def require_base_url(config: Config, base_url: str | None) -> None:
    """Feeds and the e-mail's "read it on the web" link are published: they need the
    site's real address, never the preview's ``http://127.0.0.1:8000`` default
    (``serve`` alone uses that)."""
    url = base_url or config.site.base_url or ""
    if re.match(r"^https?://[^/\s]+", url):
        return
    where = f"{config.path}: " if config.path else ""
    if url:
        raise ConfigError(f"{where}site.base_url {url!r}: expected an http(s) URL")
    raise ConfigError(
        f"{where}site.base_url is not set: feeds and e-mail links need the site's public URL; "
        'set [site] base_url = "https://..." in thismonth.toml, or pass --base-url'
    )


def build_site(config: Config, output: Path | None, drafts: bool, **overrides: Any) -> BuildResult:
    """Build the site into ``output`` (default ``[site] output``)."""
    require_base_url(config, overrides.get("base_url"))
    target = output or Path(config.site.output or "public")
    return build(site_options(config, target, drafts, **overrides))


def email(config: Config, month: Month, output: Path, **overrides: Any) -> tuple[Issue, list[Path]]:
    """Write the issue of ``month`` as HTML and plain-text e-mail into ``output``."""
    require_base_url(config, overrides.get("base_url"))
    options = site_options(config, Path("public"), True, **overrides)
    issue = find_issue(options, str(month))
    return issue, write_email(render_email(issue, options), output, str(month))
