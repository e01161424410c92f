"""``serve`` answers only its own address, never crashes on odd paths, frees idle sockets."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_site_build import make_site
from thismonth.site import SiteOptions
from thismonth.site import serve as serve_module
from thismonth.site.serve import PreviewServer, allowed_hosts


@pytest.fixture()
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewServer]:
    monkeypatch.setattr(serve_module._Handler, "timeout", 0.5)
    make_site(tmp_path)
    opts = SiteOptions(root=tmp_path, output=tmp_path / ".thismonth" / "serve", drafts=True)
    logged: list[str] = []
    srv = PreviewServer(opts, port=0, log=logged.append)
    srv.logged = logged  # type: ignore[attr-defined]
    srv.start()
    yield srv
    srv.close()


def get(srv: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{srv.port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_only_its_own_host_is_answered(server: PreviewServer) -> None:
    assert get(server, "/")[0] == 200
    assert get(server, "/", f"localhost:{server.port}")[0] == 200
    status, body = get(server, "/", f"attacker.example:{server.port}")  # DNS rebinding
    assert status == 421 and b"Welcome" not in body
    assert get(server, "/2024-01/", "attacker.example")[0] == 421
    assert get(server, "/", "127.0.0.1:1")[0] == 421  # another port is another origin


def test_nul_in_the_path_is_a_plain_400(server: PreviewServer, capfd) -> None:
    assert get(server, "/%00")[0] == 400
    assert get(server, "/2024-01/%00.html")[0] == 400
    assert get(server, "/")[0] == 200  # still serving
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert server.logged == []  # type: ignore[attr-defined]


def test_idle_connections_are_closed(server: PreviewServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server hung up on the silent client
        assert time.monotonic() - started < 4
    assert get(server, "/")[0] == 200


def test_wildcard_bind_accepts_ip_literals_but_no_names() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert "127.0.0.1:8000" in hosts and "localhost:8000" in hosts and "[::1]:8000" in hosts
    assert "evil.example:8000" not in hosts and "127.0.0.1:9000" not in hosts
    assert allowed_hosts("192.0.2.7", 80) == frozenset({"192.0.2.7:80"})


def test_default_port_may_be_left_out(tmp_path: Path) -> None:
    handler = object.__new__(serve_module._Handler)
    handler.hosts, handler.wildcard = allowed_hosts("127.0.0.1", 80), False
    for host, ok in (("127.0.0.1", True), ("localhost", True), ("evil.example", False)):
        handler.headers = {"Host": host}  # type: ignore[assignment]
        assert handler._host_ok() is ok


def test_build_failures_go_to_the_given_log(server: PreviewServer, tmp_path: Path) -> None:
    index = tmp_path / "content/this-month/2024-01/index.md"
    index.write_text('+++\ntitle = "x"\ndate = "someday"\n+++\n')
    server.preview.rebuild()
    server.report()
    assert any("build failed:" in line and "someday" in line for line in server.logged)  # type: ignore[attr-defined]
