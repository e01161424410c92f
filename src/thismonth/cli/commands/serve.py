"""``thismonth serve``: preview the site at http://127.0.0.1:8000, rebuilt on every save."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import click

from thismonth.app.site import site_options as options_for
from thismonth.cli.app import stderr
from thismonth.cli.options import DEFAULT_CONFIG, config_option, load
from thismonth.cli.site_options import site_options
from thismonth.site.build import SiteOptions
from thismonth.site.serve import PreviewServer


@click.command("serve")
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", "-p", type=int, default=8000, show_default=True, help="Port to bind.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the preview build [default: ROOT/.thismonth/serve].",
)
@click.option(
    "--drafts/--no-drafts", default=True, show_default=True, help="Show unpublished drafts."
)
@site_options
def command(
    config_path: Path | None, host: str, port: int, output: Path | None, drafts: bool, **kw: Any
) -> None:
    """Serve a live preview of the site; pages reload when an issue is saved."""

    def current() -> SiteOptions:
        return options_for(load(config_path, required=False), output or Path("."), drafts, **kw)

    options = current()
    if output is None:
        options.output = options.root / ".thismonth" / "serve"
    config_file = config_path or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    server = PreviewServer(
        options,
        host=host,
        port=port,
        reload=current,
        config_file=config_file,
        log=lambda line: stderr.print(line, markup=False),
    )
    server.start()
    server.report()
    stderr.print(f"serving {server.url} (Ctrl-C to stop)", markup=False)
    try:
        threading.Event().wait()
    finally:
        server.close()
