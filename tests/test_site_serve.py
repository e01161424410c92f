"""``thismonth serve``: local by default, rebuilds on change, shows build errors in the page."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import run
from test_site_build import make_site, options, write_issue
from thismonth.app.site import site_options
from thismonth.cli.commands.serve import command as serve_command
from thismonth.config import load_config
from thismonth.site import SiteError, SiteOptions
from thismonth.site.serve import GENERATION_PATH, PreviewServer


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    make_site(tmp_path)
    opts = SiteOptions(root=tmp_path, output=tmp_path / ".thismonth" / "serve", drafts=True)
    srv = PreviewServer(opts, port=0)
    srv.start()
    yield srv
    srv.close()


def test_binds_to_localhost_by_default() -> None:
    defaults = {p.name: p.default for p in serve_command.params}
    assert defaults["host"] == "127.0.0.1"
    assert defaults["port"] == 8000
    assert defaults["drafts"] is True


def test_serves_the_site_with_live_reload(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    status, html = fetch(server.url)
    assert status == 200
    assert 'href="2024-03/"' in html  # drafts are shown in the preview
    assert GENERATION_PATH in html
    status, page = fetch(server.url + "2024-01/")
    assert status == 200 and 'id="comment-form"' in page
    status, generation = fetch(server.url + GENERATION_PATH.lstrip("/"))
    assert status == 200 and generation == "1"
    status, feed = fetch(server.url + "atom.xml")
    assert status == 200 and server.url + "2024-02/" in feed  # base URL is the preview's


def test_a_build_error_is_shown_in_the_page(server: PreviewServer, tmp_path: Path) -> None:
    write_issue(tmp_path, "2024-01", '+++\ntitle = "x"\ndate = "someday"\n+++\n')
    server.preview.rebuild()
    status, html = fetch(server.url + "2024-02/")
    assert status == 500
    assert "Build failed" in html
    assert "content/this-month/2024-01/index.md:3: date &#39;someday&#39; does not parse" in html
    assert GENERATION_PATH in html  # so it reloads once fixed
    status, css = fetch(server.url + "style.css")
    assert status == 200 and "max-width" in css  # the last good build is still there


def test_rebuilds_when_an_issue_is_saved(server: PreviewServer, tmp_path: Path) -> None:
    before = server.preview.generation
    path = write_issue(
        tmp_path,
        "2024-01",
        (tmp_path / "content/this-month/2024-01/index.md")
        .read_text()
        .replace("Welcome to", "Freshly saved:"),
    )
    assert path.is_file()
    deadline = time.monotonic() + 10
    while server.preview.generation == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.preview.generation > before
    status, html = fetch(server.url + "2024-01/")
    assert status == 200 and "Freshly saved:" in html


def test_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    make_site(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SiteError, match=rf"127.0.0.1:{port}: port already in use"):
            PreviewServer(options(tmp_path), port=port)
        result = run("serve", "--port", str(port), cwd=tmp_path)
    assert result.code == 1
    assert f"127.0.0.1:{port}: port already in use" in result.err


def test_a_config_change_is_picked_up(tmp_path: Path) -> None:
    make_site(tmp_path)
    config = tmp_path / "thismonth.toml"
    config.write_text('[newsletter]\nname = "First"\n')

    def current() -> SiteOptions:
        return site_options(load_config(config), tmp_path / "out", False)

    srv = PreviewServer(current(), port=0, reload=current, config_file=config)
    srv.start()
    try:
        assert "This Month in First" in fetch(srv.url)[1]
        before = srv.preview.generation
        config.write_text('[newsletter]\nname = "Second"\n')
        deadline = time.monotonic() + 10
        while srv.preview.generation == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "This Month in Second" in fetch(srv.url)[1]
        config.write_text("[newsletter]\nnmae = 1\n")
        srv.preview.rebuild()
        status, html = fetch(srv.url)
        assert status == 500 and "unknown key" in html
    finally:
        srv.close()
