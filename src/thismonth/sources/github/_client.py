"""The HTTP client: httpx, retries with backoff and jitter, rate limits, ETags.

What is retried: 502/503/504, timeouts, refused or reset connections, truncated or
malformed bodies, and secondary rate limits (after ``Retry-After``). What is not: 401,
403 without a rate limit, 404 and 422, which become one-line errors at once. When the
primary limit is exhausted (``X-RateLimit-Remaining: 0`` or GraphQL ``RATE_LIMITED``) the
client waits for ``X-RateLimit-Reset`` with a countdown on stderr, or, when told not to
wait, stops with a RateLimitError; whatever was fetched before is already in the store.

The network sits behind an httpx transport, so tests can pass their own.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
from rich.console import Console

from thismonth import __version__
from thismonth.sources.github._exceptions import (
    AuthError,
    ForbiddenError,
    GitHubError,
    NotFoundError,
    RateLimitError,
    ResponseError,
    UnreachableError,
)
from thismonth.sources.github._token import endpoints

if TYPE_CHECKING:
    from thismonth.store import Store

RETRY_STATUS = frozenset({502, 503, 504})
SECONDARY_WAIT = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # tries per request for transient faults
    connect_attempts: int = 3  # tries when the host does not answer at all
    base: float = 0.5  # first backoff, seconds; doubles each time, with full jitter
    cap: float = 30.0
    # A server that accepts the connection and then says nothing is not made faster by
    # asking again and again: GitHub itself gives up on a query after 10 s, so 20 s
    # without an answer means a hang; ask twice, then stop with one line (about 45 s,
    # not the three minutes of silence six 30-second tries took).
    timeout: float = 20.0  # seconds without an answer, per request
    connect_timeout: float = 10.0
    timeout_attempts: int = 2
    notice_after: float = 5.0  # say on stderr what is being waited for after this long

    def backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))


class _Retry(Exception):
    def __init__(self, reason: str, delay: float | None = None) -> None:
        self.reason = reason
        self.delay = delay


class Client:
    def __init__(
        self,
        api_url: str,
        token: str,
        *,
        store: Store | None = None,
        wait_on_rate_limit: bool = True,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        concurrency: int = 4,
        console: Console | None = None,
    ) -> None:
        self.rest_url, self.graphql_url = endpoints(api_url)
        self._token = token
        self.store = store
        self.wait_on_rate_limit = wait_on_rate_limit
        self.policy = policy or RetryPolicy()
        self.console = console or Console(stderr=True, highlight=False)
        self._stop = threading.Event()
        self._transport = transport
        self._concurrency = max(1, concurrency)
        self._http: httpx.Client | None = None
        self._lock = threading.Lock()
        self._wait_lock = threading.Lock()
        self.requests = 0  # HTTP requests sent, retries included
        self._said: set[str] = set()  # waiting notices printed since the last answer
        self._pending: dict[int, tuple[str, float]] = {}  # request -> (url, started)
        self._next_pending = 0
        self._watcher: threading.Thread | None = None
        self.remaining: int | None = None
        self.reset_at: float | None = None

    def close(self) -> None:
        """Close the connections; the next request opens new ones."""
        with self._lock:
            http, self._http = self._http, None
        if http is not None:
            http.close()

    def _client(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                # After cancel(), a worker still running must not open a client that
                # nobody will close (the run's `close()` may already have happened).
                if self._stop.is_set():
                    raise GitHubError("stopped")
                self._http = httpx.Client(
                    transport=self._transport,
                    timeout=httpx.Timeout(self.policy.timeout, connect=self.policy.connect_timeout),
                    limits=httpx.Limits(max_connections=self._concurrency),
                    headers={
                        "Authorization": f"bearer {self._token}",
                        "Accept": "application/vnd.github+json",
                        "User-Agent": f"thismonth/{__version__}",
                        "X-GitHub-Api-Version": "2022-11-28",
                    },
                )
            return self._http

    def cancel(self) -> None:
        """Make every waiting or retrying thread give up at once (Ctrl-C, a failed run)."""
        self._stop.set()

    def resume(self) -> None:
        self._stop.clear()

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(max(0.0, seconds)):
            raise GitHubError("stopped")

    def scrub(self, text: str) -> str:
        """``text`` without the token, whatever produced it."""
        return text.replace(self._token, "***") if self._token else text

    # ------------------------------------------------------------------ GraphQL

    def graphql(self, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
        """``(data, errors)``; rate-limit errors and GitHub's own timeouts are handled
        here (wait, retry), other errors returned to the caller."""
        attempt = 0
        while True:
            body = self._send(
                "POST", self.graphql_url, json={"query": query, "variables": variables}
            )
            if not isinstance(body, dict) or ("data" not in body and "errors" not in body):
                raise ResponseError(self._where(self.graphql_url, "answered with no GraphQL data"))
            errors = list(body.get("errors") or [])
            if any(e.get("type") == "RATE_LIMITED" for e in errors):
                self._exhausted(self.reset_at or time.time() + 60)
                continue
            if errors and all(_transient(e) for e in errors):
                attempt += 1
                if attempt < self.policy.attempts:
                    self._sleep(self.policy.backoff(attempt))
                    continue
            data = body.get("data") or {}
            rate = data.get("rateLimit") if isinstance(data, dict) else None
            if isinstance(rate, dict) and isinstance(rate.get("remaining"), int):
                with self._lock:
                    self.remaining = rate["remaining"]
                    reset = _parse_time(rate.get("resetAt"))
                    if reset is not None:
                        self.reset_at = reset
            return data, errors

    # --------------------------------------------------------------------- REST

    def rest(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET a REST resource, conditionally when the store holds its ETag."""
        url = self.rest_url + path
        key = str(httpx.URL(url, params=params or {}))
        cached = self.store.etag_get(key) if self.store else None
        headers = {"If-None-Match": cached[0]} if cached else {}
        response = self._send("GET", url, params=params, headers=headers, raw=True)
        if response.status_code == 304 and cached:
            return json.loads(cached[1])
        data = self._decode(response)
        etag = response.headers.get("ETag")
        if etag and self.store is not None:
            self.store.etag_put(key, etag, response.text)
        return data

    # ------------------------------------------------------------------ sending

    def _send(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        raw: bool = False,
    ) -> Any:
        attempt = 0
        refused = 0
        timeouts = 0
        while True:
            self._respect_reset()
            try:
                with self._lock:
                    self.requests += 1
                waiting = self._waiting_for(url)
                try:
                    http = self._client()
                    response = http.request(method, url, json=json, params=params, headers=headers)
                    if self._http is not http:
                        # close() ran while this request was in flight: its connection
                        # came back to a closed pool, so close it here (no socket leaks).
                        http.close()
                except httpx.TimeoutException:
                    timeouts += 1
                    limit = self.policy.timeout_attempts
                    if timeouts >= limit:
                        raise UnreachableError(
                            self._where(
                                url,
                                f"did not answer within {self.policy.timeout:g} s, {timeouts} "
                                "times: the server hangs; check --api-url or GITHUB_API_URL, "
                                "or try again later",
                            )
                        ) from None
                    self._say_once(
                        self._where(
                            url,
                            f"did not answer within {self.policy.timeout:g} s; "
                            f"asking again ({timeouts + 1} of {limit})",
                        )
                    )
                    raise _Retry("timed out") from None
                except httpx.ConnectError as exc:
                    refused += 1
                    if refused >= self.policy.connect_attempts:
                        raise UnreachableError(
                            self._where(
                                url,
                                f"does not answer ({self.scrub(str(exc)) or 'connection failed'}); "
                                "check --api-url or GITHUB_API_URL",
                            )
                        ) from None
                    raise _Retry("connection failed") from None
                except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                    raise _Retry("connection reset or body truncated") from None
                finally:
                    self._answered(waiting)
                with self._lock:
                    self._said.clear()
                self._check(url, response)
                if raw:
                    return response
                return self._decode(response, retry=True)
            except _Retry as retry:
                attempt += 1
                if attempt >= self.policy.attempts:
                    if retry.reason.startswith("malformed"):
                        raise ResponseError(
                            self._where(url, f"answered with {retry.reason}")
                        ) from None
                    raise UnreachableError(
                        self._where(
                            url, f"failed {attempt} times (last: {retry.reason}); try again later"
                        )
                    ) from None
                self._sleep(
                    retry.delay if retry.delay is not None else self.policy.backoff(attempt)
                )

    def _decode(self, response: httpx.Response, retry: bool = False) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            if retry:
                raise _Retry(
                    f"malformed JSON ({exc.msg if hasattr(exc, 'msg') else exc})"
                ) from None
            raise ResponseError(
                self._where(str(response.url), "answered with malformed JSON")
            ) from None

    def _check(self, url: str, response: httpx.Response) -> None:
        self._note_limits(response)
        status = response.status_code
        if status < 400 or status == 304:
            return
        message = self._message(response)
        if status in (403, 429):
            if response.headers.get("X-RateLimit-Remaining") == "0":
                self._exhausted(
                    _float(response.headers.get("X-RateLimit-Reset")) or time.time() + 60
                )
                raise _Retry("primary rate limit", delay=0)
            retry_after = _float(response.headers.get("Retry-After"))
            if (
                retry_after is not None
                or "secondary rate limit" in message.lower()
                or status == 429
            ):
                # GitHub: honour Retry-After; without it, wait at least a minute.
                delay = retry_after if retry_after is not None else SECONDARY_WAIT
                raise _Retry("secondary rate limit", delay=delay)
            raise ForbiddenError(
                self._where(
                    url,
                    f"403 Forbidden ({message}): the token lacks access to this "
                    "organization or repository; grant it (repo/read:org) or use another token",
                )
            )
        if status == 401:
            raise AuthError(
                self._where(
                    url,
                    "401 Bad credentials: the token is wrong, expired or revoked; "
                    "create a new one or run `gh auth login`",
                )
            )
        if status == 404:
            raise NotFoundError(
                self._where(
                    url, f"404 Not Found ({message}): check the name and the token's access"
                )
            )
        if status in RETRY_STATUS:
            raise _Retry(f"HTTP {status}")
        raise ResponseError(self._where(url, f"HTTP {status} ({message})"))

    def _message(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return self.scrub(response.text[:200].strip() or response.reason_phrase)
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            return self.scrub(data["message"])
        return response.reason_phrase

    def _where(self, url: str, text: str) -> str:
        return self.scrub(f"GitHub at {url} {text}")

    def _say_once(self, line: str) -> None:
        """Print ``line`` on stderr unless it was just said (requests run side by side;
        one line per thing awaited is enough). Said lines are forgotten on an answer."""
        with self._lock:
            if line in self._said:
                return
            self._said.add(line)
        self.console.print(line, markup=False, soft_wrap=True)

    def _waiting_for(self, url: str) -> int:
        """Note a request in flight; one watcher thread (alive only while requests are)
        says on stderr what is awaited once an answer takes ``notice_after`` seconds, so
        a slow server is not mistaken for a hung tool."""
        with self._lock:
            self._next_pending += 1
            key = self._next_pending
            self._pending[key] = (url, time.monotonic())
            if self._watcher is None:
                self._watcher = threading.Thread(
                    target=self._watch, name="github-waiting", daemon=True
                )
                self._watcher.start()
        return key

    def _answered(self, key: int) -> None:
        with self._lock:
            self._pending.pop(key, None)

    def _watch(self) -> None:
        step = min(0.25, self.policy.notice_after / 2)
        while True:
            time.sleep(step)
            now = time.monotonic()
            with self._lock:
                if not self._pending:
                    self._watcher = None
                    return
                slow = sorted(
                    {u for u, t in self._pending.values() if now - t >= self.policy.notice_after}
                )
            for url in slow:
                what = "a search" if url == self.graphql_url else "an answer"
                self._say_once(
                    self._where(
                        url,
                        f"is slow: waiting for {what} "
                        f"(gives up after {self.policy.timeout:g} s without one)",
                    )
                )

    # -------------------------------------------------------------- rate limits

    def _note_limits(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        reset = _float(response.headers.get("X-RateLimit-Reset"))
        with self._lock:
            if remaining is not None and remaining.isdigit():
                self.remaining = int(remaining)
            if reset is not None:
                self.reset_at = reset

    def _respect_reset(self) -> None:
        with self._lock:
            exhausted = self.remaining == 0 and self.reset_at and self.reset_at > time.time()
            reset = self.reset_at
        if exhausted and reset:
            self._exhausted(reset)

    def _exhausted(self, reset: float) -> None:
        """Wait until ``reset`` (epoch seconds) with a countdown, or stop if told not to wait."""
        when = datetime.fromtimestamp(reset, UTC).strftime("%H:%M:%S UTC")
        if not self.wait_on_rate_limit:
            raise RateLimitError(
                f"GitHub rate limit exhausted until {when}; stopped without waiting (--no-wait). "
                "What was fetched is cached: run again after the reset"
            )
        with self._wait_lock:  # one countdown, whichever thread got there first
            with self._lock:
                if self.reset_at and self.reset_at > reset:
                    reset = self.reset_at
            left = reset - time.time()
            if left > 0:
                if not self.console.is_terminal:  # a CI log: one line, no spinner
                    self.console.print(
                        f"GitHub rate limit exhausted: waiting {_clock(left)} for the reset at "
                        f"{when}",
                        markup=False,
                    )
                with self.console.status("") as status:
                    while (left := reset - time.time()) > 0:
                        status.update(
                            f"GitHub rate limit exhausted: waiting {_clock(left)} for the reset at "
                            f"{when} (Ctrl-C stops; what was fetched is cached)"
                        )
                        self._sleep(min(1.0, left))
            with self._lock:
                if self.reset_at is not None and self.reset_at <= time.time():
                    self.remaining = None


def _transient(error: dict[str, Any]) -> bool:
    """GitHub's "Something went wrong while executing your query. This may be the result
    of a timeout": the same query usually succeeds when sent again."""
    message = str(error.get("message", "")).lower()
    return "something went wrong" in message or "timeout" in message


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _parse_time(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _clock(seconds: float) -> str:
    s = int(seconds + 0.999)
    return f"{s // 60}:{s % 60:02d}"
