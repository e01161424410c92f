"""``thismonth serve``: a local preview that rebuilds on save and reloads the page.

The server binds to 127.0.0.1 unless told otherwise: a draft is not for the network.
Every change under the content folder (or the template folder) triggers an incremental
build; pages poll ``/__thismonth/generation`` once a second and reload when it moves.
A failed build does not blank the preview: every HTML request gets a page showing the
error lines until the next build succeeds. Static files keep being served from the
last good build.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import watchfiles

from thismonth.errors import ThisMonthError
from thismonth.site._errors import SiteError
from thismonth.site.build import BuildResult, SiteOptions, _builtin_dir, build

GENERATION_PATH = "/__thismonth/generation"
LIVE_RELOAD = (
    "<script>(function(){var g=null;function poll(){fetch('" + GENERATION_PATH + "',"
    "{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){"
    "if(g!==null&&t!==g){location.reload()}g=t}).catch(function(){}).finally(function(){"
    "setTimeout(poll,1000)})}poll()})();</script>"
)


class Preview:
    """The build state the HTTP handler shows: last error, generation counter."""

    def __init__(
        self,
        options: SiteOptions,
        reload: Callable[[], SiteOptions] | None = None,
        config_file: Path | None = None,
    ) -> None:
        self.options = options
        self.reload = reload
        self.config_file = config_file
        self.problems: list[str] = []
        self.generation = 0
        self.last: BuildResult | None = None
        self._lock = threading.Lock()

    def rebuild(self) -> BuildResult | None:
        """Build (re-reading the config first, when it can), and record the outcome."""
        with self._lock:
            try:
                if self.reload is not None:
                    fresh = self.reload()
                    base_url = (
                        self.options.base_url
                        if fresh.base_url == SiteOptions.base_url
                        else fresh.base_url
                    )
                    self.options = replace(fresh, output=self.options.output, base_url=base_url)
                self.last = build(self.options)
                self.problems = []
            except ThisMonthError as exc:
                self.problems = exc.lines()
            except Exception as exc:  # a preview must survive anything a save can cause
                self.problems = [f"unexpected {type(exc).__name__}: {exc}"]
            self.generation += 1
            return None if self.problems else self.last

    def error_page(self) -> bytes:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(_builtin_dir())), autoescape=True
        )
        html = env.get_template("error.html").render(problems=self.problems)
        return inject(html).encode("utf-8")

    def watch_paths(self) -> list[Path]:
        """The content folder (the pattern's fixed prefix), the templates, the config."""
        opts = self.options
        prefix = re.split(r"\{", opts.pattern, maxsplit=1)[0]
        content = opts.root / prefix
        while not content.is_dir() and content != opts.root:
            content = content.parent
        paths = [content if content.is_dir() else opts.root]
        if opts.templates is not None and opts.templates.is_dir():
            paths.append(opts.templates)
        if self.config_file is not None and self.config_file.is_file():
            paths.append(self.config_file)
        return paths


def inject(html: str) -> str:
    """Add the live-reload poller before ``</body>`` (or at the end)."""
    index = html.lower().rfind("</body>")
    if index < 0:
        return html + LIVE_RELOAD
    return html[:index] + LIVE_RELOAD + html[index:]


# Seconds a connection may sit without sending a request (or reading the answer) before
# it is closed: each open connection holds a thread.
IDLE_TIMEOUT = 15.0


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers the preview answers: the address it listens on, and the
    names that always mean this machine.

    A page on any web site can point its own domain at 127.0.0.1 (DNS rebinding) and then
    read the preview as same-origin; its requests carry that domain in ``Host``, so they
    are refused. An IP literal cannot be rebound, so a wildcard bind accepts any.
    """
    names = {host.lower().strip("[]")}
    wildcard = host in ("", "0.0.0.0", "::")
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host.lower() == "localhost"
    if loopback or wildcard:
        names |= {"localhost", "127.0.0.1", "::1"}
    return frozenset(f"{n}:{port}" for n in names) | frozenset(
        f"[{n}]:{port}" for n in names if ":" in n
    )


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview
    timeout = IDLE_TIMEOUT  # socket timeout: idle connections are closed, not kept forever

    def __init__(
        self, *args: Any, preview: Preview, hosts: frozenset[str], wildcard: bool, **kwargs: Any
    ) -> None:
        self.preview = preview
        self.hosts = hosts
        self.wildcard = wildcard
        super().__init__(*args, directory=str(preview.options.output), **kwargs)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host and not re.search(r":\d+$", host):
            host += ":80"  # a browser leaves out the default port
        if host in self.hosts:
            return True
        if self.wildcard:  # any IP literal with our port: not a name anyone can rebind
            name, _, port = host.rpartition(":")
            try:
                ipaddress.ip_address(name.strip("[]"))
            except ValueError:
                return False
            return port == str(self.server.server_address[1])
        return False

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self._host_ok():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host not served here")
            return False
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if "\0" in unquote(raw) or "%00" in raw:
            self.send_error(HTTPStatus.BAD_REQUEST, "NUL in path")
            return False
        return True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the build report is what the editor reads

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == GENERATION_PATH:
            self._send(HTTPStatus.OK, str(self.preview.generation).encode(), "text/plain")
            return
        is_page = path.endswith("/") or path.endswith(".html") or "." not in path.rsplit("/", 1)[-1]
        if is_page and self.preview.problems:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, self.preview.error_page(), "text/html")
            return
        if is_page:
            local = Path(self.translate_path(path))
            if local.is_dir() and not path.endswith("/"):
                super().do_GET()  # the redirect to "path/"
                return
            if local.is_dir():
                local = local / "index.html"
            if local.is_file():
                html = local.read_text(encoding="utf-8")
                self._send(HTTPStatus.OK, inject(html).encode("utf-8"), "text/html")
                return
        super().do_GET()

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class PreviewServer:
    """Bind, build once, then serve and rebuild on change until ``close()``."""

    def __init__(
        self,
        options: SiteOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        reload: Callable[[], SiteOptions] | None = None,
        config_file: Path | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.preview = Preview(options, reload=reload, config_file=config_file)
        self.log = log or _stderr_line
        try:
            self.httpd = _Server((host, port), _Handler, self.log)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SiteError(
                    f"{host}:{port}: port already in use; stop the other server or pass --port"
                ) from None
            raise SiteError(f"{host}:{port}: cannot listen: {exc.strerror or exc}") from None
        self.httpd.daemon_threads = True
        self.host, self.port = host, int(self.httpd.server_address[1])
        self.httpd.RequestHandlerClass = partial(  # type: ignore[assignment]
            _Handler,
            preview=self.preview,
            hosts=allowed_hosts(host, self.port),
            wildcard=host in ("", "0.0.0.0", "::"),
        )
        if options.base_url == SiteOptions.base_url:
            self.preview.options = replace(options, base_url=self.url)
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        """Build, then serve and watch in background threads."""
        self.preview.rebuild()
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        self._watching.wait(timeout=5)

    def _watch(self) -> None:
        output = self.preview.options.output.resolve()
        cache = self.preview.options.cache.resolve()

        def relevant(_change: watchfiles.Change, path: str) -> bool:
            p = Path(path).resolve()
            return not (p.is_relative_to(output) or p.is_relative_to(cache)) and not (
                p.name.startswith(".") or p.name.endswith("~")
            )

        for changes in watchfiles.watch(
            *self.preview.watch_paths(),
            watch_filter=relevant,
            stop_event=self._stop,
            debounce=200,
            step=50,
            rust_timeout=100,
            yield_on_timeout=True,  # the first (empty) yield says the watcher is ready
            raise_interrupt=False,
        ):
            self._watching.set()
            if changes:
                self.preview.rebuild()
                self.report()

    def report(self) -> None:
        if self.preview.problems:
            for line in self.preview.problems:
                self.log(f"build failed: {line}")
        elif self.preview.last is not None:
            last = self.preview.last
            self.log(f"rebuilt {len(last.rendered)} pages in {last.seconds:.2f} s")

    def close(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _Server(ThreadingHTTPServer):
    """Reports a failed request in one line through ``log`` instead of a traceback."""

    def __init__(self, address: tuple[str, int], handler: Any, log: Callable[[str], None]) -> None:
        self.log = log
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # a browser that went away, an idle connection closed: not news
        self.log(f"serve: request from {client_address[0]} failed: {type(exc).__name__}: {exc}")
