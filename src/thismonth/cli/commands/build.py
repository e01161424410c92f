"""``thismonth build``: the issues as a static site (index, pages, Atom and RSS feeds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from thismonth.app.site import build_site
from thismonth.cli.app import stderr
from thismonth.cli.options import config_option, load
from thismonth.cli.site_options import site_options


@click.command("build")
@config_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to build into; changed only when the whole build succeeds [default: public].",
)
@click.option("--drafts", is_flag=True, help="Include unpublished drafts.")
@site_options
def command(config_path: Path | None, output: Path | None, drafts: bool, **kw: Any) -> None:
    """Build the newsletter's website into OUTPUT (public/ by default)."""
    result = build_site(load(config_path, required=False), output, drafts, **kw)
    stderr.print(
        f"built {len(result.issues)} issues into {result.output} "
        f"({len(result.rendered)} pages rendered, {len(result.reused)} unchanged) "
        f"in {result.seconds:.2f} s",
        markup=False,
    )
