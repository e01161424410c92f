"""The fake GitHub server: a real HTTP server on 127.0.0.1, in a thread.

Faults to inject (each request draws one with probability ``fault_rate``, or takes the
next of ``script``): ``502``/``503``/``504``, ``timeout`` (answers after
``timeout_delay``), ``reset`` (closes the connection without a word), ``truncated``
(sends half the body it announced), ``secondary`` (403 with ``Retry-After``) and, on
request only, ``graphql-timeout`` (GitHub's "Something went wrong ... timeout" error). A
``rate_limit`` budget gives a primary limit with ``X-RateLimit-*`` headers that resets
``reset_after`` seconds after its first use. Tokens map to ``ok``, ``revoked`` (401) or
``noaccess`` (403). ``malformed`` makes every answer broken JSON.
"""

from __future__ import annotations

import collections
import hashlib
import json
import math
import random
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fake_github.graphql_api import GraphQLApi
from fake_github.rest_api import RestApi
from fake_github.schemas import graphql_schema, openapi
from fake_github.world import World

FAULTS = ("502", "503", "504", "timeout", "reset", "truncated", "secondary")
TOKEN = "ghp_fakeTOKEN0123456789abcdefSECRET"


@dataclass
class Seen:
    method: str
    path: str
    status: int
    fault: str | None
    operation: str | None = None


class FakeGitHub:
    def __init__(
        self,
        world: World | None = None,
        *,
        latency: float = 0.0,
        fault_rate: float = 0.0,
        faults: tuple[str, ...] = FAULTS,
        seed: int = 0,
        rate_limit: int | None = None,
        reset_after: float = 2.0,
        limit_style: str = "http",  # GraphQL exhaustion: "http" 403 or "errors" RATE_LIMITED
        timeout_delay: float = 1.0,
        retry_after: int = 1,
        tokens: dict[str, str] | None = None,
        validate_rest: bool = True,
        malformed: bool = False,
        incomplete: bool = False,
    ) -> None:
        self.world = world or World()
        self.latency = latency
        self.fault_rate = fault_rate
        self.faults = faults
        self.random = random.Random(seed)
        self.rate_limit = rate_limit
        self.remaining = rate_limit or 0
        self.reset_after = reset_after
        self.reset_at: float | None = None
        self.limit_style = limit_style
        self.timeout_delay = timeout_delay
        self.retry_after = retry_after
        self.tokens = tokens if tokens is not None else {TOKEN: "ok"}
        self.malformed = malformed
        self.script: collections.deque[str] = collections.deque()
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.graphql = GraphQLApi(self.world, "", incomplete=incomplete)
        self.rest = RestApi(self.world, validate=validate_rest)
        self._server: ThreadingHTTPServer | None = None

    # ----------------------------------------------------------------- control

    def __enter__(self) -> FakeGitHub:
        self.start()
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.stop()
        if kind is None and self.invalid:
            # Every test that uses the fake checks its queries against GitHub's schema.
            raise AssertionError(f"invalid requests sent to the fake GitHub: {self.invalid[:3]}")

    def start(self) -> None:
        # Load GitHub's descriptions here, in the test's thread: a missing vendor/schemas
        # fails the test loudly (MissingSchema says to run scripts/fetch-schemas).
        graphql_schema()
        if self.rest.validate:
            openapi()
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> int:
        return len(self.seen)

    def reset_counts(self) -> None:
        with self.lock:
            self.seen.clear()

    @property
    def invalid(self) -> list[Any]:
        """Queries refused by GitHub's schema and REST payloads outside the OpenAPI one."""
        return [*self.graphql.invalid, *self.rest.invalid]

    # ------------------------------------------------------------- decisions

    def _fault(self) -> str | None:
        with self.lock:
            if self.script:
                return self.script.popleft()
            if self.fault_rate and self.random.random() < self.fault_rate:
                return self.random.choice(self.faults)
        return None

    def _spend(self) -> tuple[bool, dict[str, str]]:
        """(allowed, rate-limit headers) for one request that counts."""
        if self.rate_limit is None:
            return True, {}
        with self.lock:
            now = time.time()
            if self.reset_at is not None and now >= self.reset_at:
                self.remaining, self.reset_at = self.rate_limit, None
            if self.reset_at is None:
                self.reset_at = now + self.reset_after
            allowed = self.remaining > 0
            if allowed:
                self.remaining -= 1
            headers = {
                "X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(math.ceil(self.reset_at)),
                "X-RateLimit-Used": str(self.rate_limit - self.remaining),
                "X-RateLimit-Resource": "core",
            }
            reset_iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(math.ceil(self.reset_at)))
            self.graphql.rate = {"remaining": self.remaining, "resetAt": reset_iso}
        return allowed, headers


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts, Ctrl-C) reset connections: not news.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        fake = self.server_fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        if fake.latency:
            time.sleep(fake.latency)
        fault = fake._fault()
        record = Seen(method, split.path, 0, fault)
        with fake.lock:
            fake.seen.append(record)
        if fault == "reset":
            self.close_connection = True
            return
        if fault == "timeout":
            time.sleep(fake.timeout_delay)
        if fault in ("502", "503", "504"):
            record.status = int(fault)
            return self._send(int(fault), {"message": "Server Error"})
        if fault == "graphql-timeout":
            record.status = 200
            return self._send(
                200,
                {
                    "data": None,
                    "errors": [
                        {
                            "message": "Something went wrong while executing your query. This "
                            "may be the result of a timeout, or it could be a GitHub bug."
                        }
                    ],
                },
            )
        if fault == "secondary":
            record.status = 403
            return self._send(
                403,
                {
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
                },
                {"Retry-After": str(fake.retry_after)},
            )
        token = self.headers.get("Authorization", "").split(" ", 1)[-1]
        access = fake.tokens.get(token)
        if access in (None, "revoked"):
            record.status = 401
            return self._send(
                401,
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
            )
        etag_hit = False
        if method == "GET":
            status, body, template = fake.rest.get(split.path, dict(parse_qsl(split.query)))
            etag = 'W/"' + hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest() + '"'
            etag_hit = status == 200 and self.headers.get("If-None-Match") == etag
        allowed, headers = (True, {}) if etag_hit else fake._spend()
        if not allowed:
            record.status = 403
            if method == "POST" and fake.limit_style == "errors":
                record.status = 200
                return self._send(
                    200,
                    {
                        "errors": [
                            {
                                "type": "RATE_LIMITED",
                                "message": "API rate limit exceeded for user ID 1.",
                            }
                        ]
                    },
                    headers,
                    fault,
                )
            return self._send(403, {"message": "API rate limit exceeded for user ID 1."}, headers)
        if access == "noaccess":
            record.status = 403
            return self._send(
                403, {"message": "Resource not accessible by personal access token"}, headers
            )
        if method == "POST":
            if split.path != "/graphql":
                record.status = 404
                return self._send(404, {"message": "Not Found"}, headers)
            try:
                request = json.loads(raw)
            except json.JSONDecodeError:
                record.status = 400
                return self._send(400, {"message": "Problems parsing JSON"}, headers)
            name = request.get("query", "").split("(")[0].split("{")[0].strip()
            record.operation = name.removeprefix("query ").strip()
            record.status = 200
            return self._send(
                200,
                fake.graphql.execute(request["query"], request.get("variables")),
                headers,
                fault,
            )
        if etag_hit:
            record.status = 304
            return self._send(304, None, {"ETag": etag})
        fake.rest.check(template, body)
        record.status = status
        if status == 200:
            headers = {**headers, "ETag": etag}
        return self._send(status, body, headers, fault)

    def _send(
        self,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        fault: str | None = None,
    ) -> None:
        fake = self.server_fake
        data = b"" if body is None else json.dumps(body).encode()
        if fake.malformed and body is not None:
            data = data[: max(1, len(data) // 2)] + b"}{"
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            if fault == "truncated":
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
