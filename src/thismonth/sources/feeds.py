"""The feeds source: RSS and Atom entries, remembered across readings.

Feeds are short: This Week in Rust keeps its latest 4 issues, many blogs 10. An editor
drafting on the 7th of the next month reads a feed that has forgotten the month's first
weeks. So every reading (``draft``, ``candidates``, ``watch``) stores what it saw in the
SQLite store, the month's entries are the union of all readings, and each reading also
records how far back it reached. When the readings together do not reach back to the
month's start, :func:`gaps` says so instead of letting the month look complete.

Fetching is one conditional GET per feed (``If-None-Match`` / ``If-Modified-Since`` from
the last reading): a feed that did not change costs a 304 and no parsing. Everything a
feed can do wrong (not a URL, HTML instead of XML, a redirect loop, no answer, broken XML,
an endless body) is one warning naming the feed; the other feeds proceed.

An entry is known by its ``id``/``guid``, else by its normalized link, so a feed that
re-publishes an entry with a new date or a new title does not make a second one; the
earliest publication date seen wins (the store decides, in one place).
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from thismonth.config import FeedConfig
from thismonth.months import Month
from thismonth.store import DamagedFeedMemory, Store, UnchangedFeed

MAX_BYTES = 16 * 1024 * 1024  # a feed larger than this is refused, not read into memory
MAX_REDIRECTS = 5
SUMMARY_CHARS = 240
USER_AGENT = "thismonth (newsletter drafts; https://github.com/)"


@dataclass(frozen=True)
class FeedEntry:
    """One entry as remembered: ``published`` is None for a feed without dates, and the
    entry then counts from the day thismonth first saw it."""

    feed: str  # the feed's URL
    key: str
    title: str  # plain text (HTML in titles is reduced to its text)
    link: str  # absolute
    published: datetime | None
    first_seen: datetime
    summary: str  # plain text, one paragraph
    content: str  # the entry's HTML, for digest expanders (issue 12)

    @property
    def date(self) -> datetime:
        return self.published or self.first_seen

    @property
    def dated(self) -> bool:
        return self.published is not None


@dataclass
class Reading:
    """What one reading of one feed did."""

    feed: FeedConfig
    status: str  # "fetched", "unchanged" (304) or "failed"
    entries: int = 0
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class FeedReader:
    """Reads feeds into the store. ``transport`` and ``clock`` are for tests."""

    store: Store
    timeout: float = 10.0
    transport: httpx.BaseTransport | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    concurrency: int = 16
    requests: int = 0
    conditional: int = 0
    # (url, when, validators...) of the feeds that answered 304, saved together after
    # the reading: a re-draft where nothing changed commits once, not once per feed.
    _unchanged: list[UnchangedFeed] = field(default_factory=list, init=False, repr=False)

    def read(self, feeds: list[FeedConfig], *, full: bool = False) -> list[Reading]:
        """Read every feed once (each URL once, however many sections name it);
        ``full``: without validators, a download even when nothing changed."""
        unique = list({f.url: f for f in feeds}.values())
        if not unique:
            return []
        try:
            return self._read_all(unique, full)
        finally:
            unchanged, self._unchanged = self._unchanged, []
            self.store.save_unchanged_feeds(unchanged)

    def _read_all(self, unique: list[FeedConfig], full: bool) -> list[Reading]:
        # Plain http needs no TLS; https gets a verifying transport on first use (a
        # redirect from http to https included), so reading local or http-only feeds
        # does not pay for loading the CA bundle.
        plain = self.transport or httpx.HTTPTransport(verify=False)
        mounts = {} if self.transport else {"https://": _LazyTLS()}
        with (
            httpx.Client(
                transport=plain,
                mounts=mounts,
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
                event_hooks={"request": [self._count]},
            ) as client,
            ThreadPoolExecutor(max_workers=max(1, min(self.concurrency, len(unique)))) as pool,
        ):
            return list(pool.map(lambda f: self._read_one(client, f, full), unique))

    def _count(self, request: httpx.Request) -> None:
        self.requests += 1
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            self.conditional += 1

    def _read_one(self, client: httpx.Client, feed: FeedConfig, full: bool) -> Reading:
        try:
            return self._fetch(client, feed, full)
        except _FeedProblem as exc:
            return Reading(feed, "failed", warning=f"feed {feed.label}: {exc}")

    def _fetch(self, client: httpx.Client, feed: FeedConfig, full: bool) -> Reading:
        if not re.match(r"^https?://[^/\s]+", feed.url):
            raise _FeedProblem("not an http(s) URL")
        state = {} if full else self.store.feed_state(feed.url) or {}
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = str(state["etag"])
        if state.get("last_modified"):
            headers["If-Modified-Since"] = str(state["last_modified"])
        now = self.clock()
        try:
            with client.stream("GET", feed.url, headers=headers) as response:
                if response.status_code == 304 and state:
                    self._unchanged.append(
                        UnchangedFeed(
                            feed.url,
                            now,
                            state.get("etag"),
                            state.get("last_modified"),
                            state.get("oldest"),
                        )
                    )
                    return Reading(feed, "unchanged")
                if response.status_code >= 400 or response.status_code == 304:
                    raise _FeedProblem(f"HTTP {response.status_code} {response.reason_phrase}")
                body = _read_bounded(response)
                final_url = str(response.url)
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
                ctype = response.headers.get("Content-Type", "")
        except httpx.TooManyRedirects:
            raise _FeedProblem(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise _FeedProblem(f"no answer within {self.timeout:g} s") from None
        except httpx.InvalidURL as exc:
            raise _FeedProblem(f"not a usable URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise _FeedProblem(f"cannot fetch ({type(exc).__name__}: {exc})") from None
        entries, problem = parse_feed(body, final_url, ctype, now)
        oldest = min((e["published"] for e in entries if e.get("published")), default=None)
        # ``published`` values are UTC ISO stamps (parse_feed), comparable as text
        self.store.save_feed_reading(
            feed.url, now, etag=etag, last_modified=modified, oldest=oldest, entries=entries
        )
        warning = f"feed {feed.label}: {problem}" if problem else None
        return Reading(feed, "fetched", entries=len(entries), warning=warning)


_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


class _LazyTLS(httpx.BaseTransport):
    """An https transport made on the first https request."""

    def __init__(self) -> None:
        self._inner: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            if self._inner is None:
                self._inner = httpx.HTTPTransport(verify=_tls())
        return self._inner.handle_request(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle costs tens of
    milliseconds, which a re-draft that only asks "changed?" should not pay each time."""
    import certifi  # start-up: a re-draft of http-only (or unchanged local) feeds never needs it

    return ssl.create_default_context(cafile=certifi.where())


class _FeedProblem(Exception):
    """Why one feed could not be read; becomes one warning line."""


def _read_bounded(response: httpx.Response) -> bytes:
    buf = io.BytesIO()
    for chunk in response.iter_bytes():
        buf.write(chunk)
        if buf.tell() > MAX_BYTES:
            raise _FeedProblem(f"larger than {MAX_BYTES // (1024 * 1024)} MiB; not read")
    return buf.getvalue()


def parse_feed(
    body: bytes, url: str, content_type: str, now: datetime
) -> tuple[list[dict[str, Any]], str | None]:
    """The entries of one feed document as plain dicts (the store's shape), and a
    problem worth a warning when the XML was broken but entries could be recovered.

    Raises _FeedProblem for a page that is not a feed (HTML, broken XML with no entries).
    """
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
        "html" in content_type and b"<rss" not in head and b"<feed" not in head
    ):
        raise _FeedProblem("answers an HTML page, not an RSS or Atom feed")
    import feedparser  # start-up: only a feed that changed needs the parser (~30 ms)

    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": content_type or "text/xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no RSS or Atom elements")
        raise _FeedProblem(f"not a readable feed ({_one_line(reason)[:120]})")
    broken = None
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), Exception):
        exc = parsed["bozo_exception"]
        if not isinstance(exc, feedparser.CharacterEncodingOverride):
            broken = f"malformed XML ({_one_line(str(exc))[:120]})"
    base = parsed.feed.get("link") or url
    out: dict[str, dict[str, Any]] = {}
    for raw in parsed.entries:
        entry = _entry(raw, url, base)
        if entry is not None:
            out.setdefault(entry["key"], entry)  # a feed listing one entry twice: once
    if broken and not out:
        raise _FeedProblem(f"{broken}; no entries")
    return list(out.values()), (f"{broken}; read {len(out)} entries anyway" if broken else None)


def _entry(raw: Any, url: str, base: str) -> dict[str, Any] | None:
    link = _link(raw, url, base)
    title = plain_text(raw.get("title", "")) or (link or "")
    ident = str(raw.get("id") or raw.get("guid") or "").strip()
    if not link and not ident:
        return None
    key = "id:" + ident if ident else "link:" + normalize_link(link)
    stamp = raw.get("published_parsed") or raw.get("updated_parsed") or raw.get("created_parsed")
    published = None
    if stamp:
        try:
            published = datetime(*stamp[:6], tzinfo=UTC).isoformat()
        except (TypeError, ValueError):
            published = None
    content = ""
    if raw.get("content"):
        content = str(raw["content"][0].get("value", ""))
    summary_html = str(raw.get("summary", "")) or content
    return {
        "key": _short(key),
        "title": title,
        "link": link or "",
        "published": published,
        "summary": summary(summary_html),
        "content": content or summary_html,
    }


def _link(raw: Any, url: str, base: str) -> str:
    href = str(raw.get("link") or "")
    if not href:
        for candidate in raw.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                href = str(candidate["href"])
                break
    if not href:
        guid = str(raw.get("id") or "")
        href = guid if guid.startswith(("http://", "https://")) else ""
    if not href:
        return ""
    absolute = urljoin(urljoin(url, base), href.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _short(key: str) -> str:
    return key if len(key) <= 200 else key[:120] + "#" + hashlib.sha256(key.encode()).hexdigest()


def normalize_link(link: str) -> str:
    """One spelling per page: scheme, ``www.``, fragment, tracking parameters and a
    trailing slash do not make a different entry."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "ref="))
    )
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "br", "li", "div", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in ("p", "li", "div", "h1", "h2", "h3", "h4"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _html_text(text: str) -> str:
    parser = _Text()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient; a failure still must not stop a feed
        return html.unescape(re.sub(r"<[^>]*>", " ", text))
    return "".join(parser.parts)


def plain_text(text: str) -> str:
    """A title as text: tags dropped, entities decoded, one line."""
    return _one_line(_html_text(str(text)))


def summary(text: str) -> str:
    """The first paragraph of an entry's text, as plain text, at most one sentence or so."""
    for para in _html_text(str(text)).split("\n"):
        line = _one_line(para)
        if len(line) >= 20:
            return _first_sentence(line)
    return _first_sentence(_one_line(_html_text(str(text))))


def _first_sentence(text: str) -> str:
    m = re.match(r"(.{20,}?[.!?])(\s|$)", text)
    out = m.group(1) if m else text
    if len(out) > SUMMARY_CHARS:
        out = out[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return out


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(c if c.isprintable() else " " for c in text)).strip()


# ------------------------------------------------------------------- reading back


def month_entries(store: Store, feed: FeedConfig, month: Month, tz: tzinfo) -> list[FeedEntry]:
    """The entries of ``feed`` dated in ``month`` (in ``tz``), from every reading so far.

    Raises :class:`~thismonth.store.DamagedFeedMemory` when one cannot be decoded."""
    start, end = month.window(tz)
    raws = store.feed_entries(feed.url, start, end, content=feed.digest is not None)
    try:
        return [_from_store(feed.url, raw) for raw in raws]
    except (KeyError, TypeError, ValueError):
        raise DamagedFeedMemory(feed.url) from None


def _from_store(url: str, raw: dict[str, Any]) -> FeedEntry:
    published = raw.get("published")
    return FeedEntry(
        feed=url,
        key=raw["key"],
        title=raw["title"],
        link=raw["link"],
        published=datetime.fromisoformat(published) if published else None,
        first_seen=datetime.fromisoformat(raw["first_seen"]),
        summary=raw.get("summary", ""),
        content=raw.get("content", ""),
    )


def gaps(store: Store, feed: FeedConfig, month: Month, tz: tzinfo) -> str | None:
    """What the readings of ``feed`` miss of ``month``, as one sentence, or None.

    A reading at time T whose oldest dated entry is O shows everything the feed published
    in [O, T] (feeds drop their oldest entries first). The union of those intervals
    should cover the month from its start to its end (or to the last reading). A feed
    without dates cannot say what it missed: no note.
    """
    start, end = month.window(tz)
    readings = store.feed_readings(feed.url)
    if not readings:
        return f"feed {feed.label} was never read successfully; its entries of {month} are unknown"
    if all(o is None for _at, o in readings):
        return None
    merged: list[list[datetime]] = []
    for lo, hi in sorted((min(o, at), at) for at, o in readings if o is not None):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    last_read = max(at for at, _o in readings)
    relevant = [(lo, hi) for lo, hi in merged if hi >= start and lo < end]
    if not relevant:
        if last_read < start:
            return (
                f"feed {feed.label} was last read on {_day(last_read, tz)}, before {month} "
                "began; run `thismonth watch` weekly"
            )
        first = min(lo for lo, _hi in merged if lo >= start)
        return _reach(feed, first, month, tz)
    lo0, _ = relevant[0]
    if lo0 > start:
        return _reach(feed, lo0, month, tz)
    if len(relevant) > 1:
        hi, lo = relevant[0][1], relevant[1][0]
        return (
            f"feed {feed.label} has a gap between readings: entries published between "
            f"{_day(hi, tz)} and {_day(lo, tz)} may be missing; run `thismonth watch` weekly"
        )
    return None


def _reach(feed: FeedConfig, moment: datetime, month: Month, tz: tzinfo) -> str:
    return (
        f"feed {feed.label} reaches back only to {_day(moment, tz)}; entries of {month} "
        "before that may be missing; run `thismonth watch` weekly"
    )


def _day(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).date().isoformat()
