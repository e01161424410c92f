"""A feed server on 127.0.0.1 for tests and the bench: routes to bodies, with real HTTP.

Each route is a ``Route``: a body and content type, served with an ETag and a
Last-Modified, answering 304 to a matching conditional request; or a redirect; or a
handler that sleeps (a server that never answers in time). The server counts requests,
and conditional ones apart, so a test can show that a warm re-draft downloads nothing.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 drops connections a concurrent reader opens at once, and
    # the client's SYN is retried after a second: a test artifact, not a feed's cost.
    request_queue_size = 128


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/xml"
    status: int = 200
    location: str | None = None  # a redirect
    delay: float = 0.0  # seconds before answering
    validators: bool = True  # send ETag / Last-Modified
    modified: datetime = datetime(2024, 1, 1, tzinfo=UTC)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        # ETags computed once per route, as a real server keeps them: hashing the body on
        # every request would charge the server's work to the reader in the bench.
        self._etags: dict[str, str] = {}
        self.requests: list[tuple[str, bool]] = []  # (path, conditional)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                conditional = bool(
                    self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
                )
                with server._lock:
                    server.requests.append((self.path, conditional))
                    route = server.routes.get(self.path)
                    etag = server._etags.get(self.path, "")
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.location is not None:
                    self.send_response(route.status if route.status in (301, 302, 307) else 302)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if (
                    route.validators
                    and route.status == 200
                    and self.headers.get("If-None-Match") == etag
                ):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                extra = (
                    {"ETag": etag, "Last-Modified": format_datetime(route.modified, usegmt=True)}
                    if route.validators
                    else {}
                )
                self._send(route.status, route.body, route.content_type, extra)

            def _send(
                self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
            self._etags[path] = route.etag
        return self.url + path

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.close()


# ----------------------------------------------------------------- feed shapes


@dataclass
class Item:
    title: str
    link: str
    published: datetime | None
    summary: str = ""
    guid: str | None = None


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def rss(
    items: list[Item], *, title: str = "A WordPress blog", link: str = "https://blog.example"
) -> bytes:
    """RSS 2.0 as WordPress writes it: guid isPermaLink=false, HTML in description."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
        "<description>Just another WordPress site</description>",
    ]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it.title)}</title><link>{escape(it.link)}</link>")
        if it.published is not None:
            parts.append(f"<pubDate>{_rfc822(it.published)}</pubDate>")
        if it.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(it.guid)}</guid>')
        parts.append(f"<description>{escape(it.summary)}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


def atom(
    items: list[Item],
    *,
    generator: str = "Zola",
    base: str = "https://os.example/",
    title: str = "An OS blog",
) -> bytes:
    """Atom as Zola, Hugo or Jekyll write it (ids are the permalinks; Jekyll adds xml:base)."""
    xml_base = f' xml:base="{escape(base)}"' if generator == "Jekyll" else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom"{xml_base}>',
        f"<title>{escape(title)}</title><generator>{generator}</generator>",
        f'<link href="{escape(base)}" rel="alternate"/><id>{escape(base)}</id>',
        "<updated>2024-07-01T00:00:00Z</updated>",
    ]
    for it in items:
        stamp = it.published.isoformat().replace("+00:00", "Z") if it.published else None
        parts.append("<entry>")
        parts.append(f'<title type="html">{escape(it.title)}</title>')
        parts.append(f'<link href="{escape(it.link)}" rel="alternate"/>')
        if it.guid is not None:
            parts.append(f"<id>{escape(it.guid)}</id>")
        if stamp:
            parts.append(f"<published>{stamp}</published><updated>{stamp}</updated>")
        parts.append(f'<summary type="html">{escape(it.summary)}</summary>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode()
