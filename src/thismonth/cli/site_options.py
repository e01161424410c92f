"""Options of the site verbs (build, serve, email), spelled once.

Each overrides the matching ``[site]`` key of thismonth.toml (see docs/site.md);
``app.site.site_options`` merges the two.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thismonth.site.build import COMMENT_KINDS

F = Callable[..., Any]


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
