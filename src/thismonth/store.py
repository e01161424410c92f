"""The activity cache: one SQLite file per newsletter, ``.thismonth/activity.sqlite``.

What it holds, per *scope* (a hash of what was asked: API, org, repositories, labels,
branches) and per month window:

- ``coverage``: the date windows whose merged pull requests were fully fetched;
- ``pulls``: those pull requests, as the raw fields GitHub gave (no policy applied);
- ``repos``: each repository's default branch, tags, releases and development-branch
  commits, with when they were fetched;
- ``issues``: the Call for Participation search, with when it was fetched;
- ``months``: a month marked complete is never fetched again;
- ``http``: ETags and bodies for conditional REST requests;
- ``memo``: the last result of a pure step, stamped with a hash of its inputs (a
  section's candidate selection, one per month and section), so a re-draft where
  nothing changed does not redo it;
- ``feed_state``, ``feed_entries``, ``feed_readings``: every entry any reading of a
  feed showed (feeds keep only their latest entries, so the month is the union of the
  readings), each feed's validators for conditional requests, and what each reading
  reached back to (to say when nothing was read early enough).

Every write is one transaction and the file runs in WAL mode, so a run stopped by
Ctrl-C or ``kill -9`` leaves what it had committed, and the next run resumes from there.
The token is never written here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from thismonth.config import Config
from thismonth.errors import UsageError

SCHEMA_VERSION = 1
FILENAME = "activity.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS months (
    scope TEXT NOT NULL, month TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL, PRIMARY KEY (scope, month));
CREATE TABLE IF NOT EXISTS coverage (
    scope TEXT NOT NULL, month TEXT NOT NULL, grp TEXT NOT NULL, start TEXT NOT NULL,
    end TEXT NOT NULL, PRIMARY KEY (scope, month, grp, start, end));
CREATE TABLE IF NOT EXISTS pulls (
    scope TEXT NOT NULL, month TEXT NOT NULL, repo TEXT NOT NULL, number INTEGER NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (scope, month, repo, number));
CREATE TABLE IF NOT EXISTS repos (
    scope TEXT NOT NULL, month TEXT NOT NULL, repo TEXT NOT NULL, fetched_at TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (scope, month, repo));
CREATE TABLE IF NOT EXISTS issues (
    scope TEXT NOT NULL, month TEXT NOT NULL, fetched_at TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (scope, month));
CREATE TABLE IF NOT EXISTS http (
    key TEXT PRIMARY KEY, etag TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, oldest TEXT, checked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_entries (
    url TEXT NOT NULL, key TEXT NOT NULL, title TEXT NOT NULL, link TEXT NOT NULL,
    published TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (url, key));
-- What a month's question of a feed reads (``feed_version``, the month's entries by
-- date) without touching the entries' text: a re-draft asks it for every feed.
CREATE INDEX IF NOT EXISTS feed_entries_when ON feed_entries (
    url, coalesce(published, first_seen), last_seen);
CREATE TABLE IF NOT EXISTS feed_readings (
    url TEXT NOT NULL, read_at TEXT NOT NULL, oldest TEXT, PRIMARY KEY (url, read_at));
CREATE TABLE IF NOT EXISTS memo (
    key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at TEXT NOT NULL);
"""


class DamagedFeedMemory(Exception):
    """A remembered feed entry the store cannot decode (its row was damaged outside
    thismonth): the caller drops the damaged rows and reads the feed again."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@dataclass(frozen=True)
class UnchangedFeed:
    """A reading of a feed that answered 304: what :meth:`Store.save_unchanged_feeds`
    records (its validators stay; it showed what the last reading showed)."""

    url: str
    read_at: datetime
    etag: str | None
    last_modified: str | None
    oldest: str | None


@dataclass
class MonthState:
    complete: bool
    coverage: dict[str, list[tuple[datetime, datetime]]]  # search group -> windows done
    pulls: list[dict[str, Any]]
    repos: dict[str, tuple[datetime, dict[str, Any]]]  # repo -> (fetched_at, data)
    issues: tuple[datetime, list[dict[str, Any]]] | None


class Store:
    """A thread-safe handle on one cache file (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        except sqlite3.DatabaseError as exc:
            raise UsageError(
                f"{self.path}: not a usable cache ({exc}); remove it or run `thismonth cache clear`"
            ) from None
        self._lock = threading.RLock()

    @classmethod
    def for_config(cls, config: Config) -> Store:
        return cls(cls.path_for(config))

    @staticmethod
    def path_for(config: Config) -> Path:
        base = config.path.parent if config.path else Path.cwd()
        return base / ".thismonth" / FILENAME

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ------------------------------------------------------------ month state

    def load_month(self, scope: str, month: str) -> MonthState:
        with self._lock:
            db = self._db
            row = db.execute(
                "SELECT complete FROM months WHERE scope=? AND month=?", (scope, month)
            ).fetchone()
            coverage: dict[str, list[tuple[datetime, datetime]]] = {}
            for grp, a, b in db.execute(
                "SELECT grp, start, end FROM coverage WHERE scope=? AND month=?", (scope, month)
            ):
                coverage.setdefault(grp, []).append(
                    (datetime.fromisoformat(a), datetime.fromisoformat(b))
                )
            pulls = [
                json.loads(d)
                for (d,) in db.execute(
                    "SELECT data FROM pulls WHERE scope=? AND month=? ORDER BY repo, number",
                    (scope, month),
                )
            ]
            repos = {
                repo: (datetime.fromisoformat(at), json.loads(d))
                for repo, at, d in db.execute(
                    "SELECT repo, fetched_at, data FROM repos WHERE scope=? AND month=?",
                    (scope, month),
                )
            }
            irow = db.execute(
                "SELECT fetched_at, data FROM issues WHERE scope=? AND month=?", (scope, month)
            ).fetchone()
        issues = (datetime.fromisoformat(irow[0]), json.loads(irow[1])) if irow else None
        return MonthState(bool(row and row[0]), coverage, pulls, repos, issues)

    def save_window(
        self,
        scope: str,
        month: str,
        group: str,
        window: tuple[datetime, datetime] | None,
        pulls: list[dict[str, Any]],
    ) -> None:
        """Pull requests of one searched window, and the window as covered, atomically."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO pulls VALUES (?, ?, ?, ?, ?)",
                [
                    (scope, month, p["repo"], p["number"], json.dumps(p, sort_keys=True))
                    for p in pulls
                ],
            )
            if window is not None:
                db.execute(
                    "INSERT OR IGNORE INTO coverage VALUES (?, ?, ?, ?, ?)",
                    (scope, month, group, window[0].isoformat(), window[1].isoformat()),
                )
            self._touch(db, scope, month)

    def save_repos(
        self, scope: str, month: str, fetched_at: datetime, repos: dict[str, dict[str, Any]]
    ) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO repos VALUES (?, ?, ?, ?, ?)",
                [
                    (scope, month, repo, fetched_at.isoformat(), json.dumps(d, sort_keys=True))
                    for repo, d in repos.items()
                ],
            )
            self._touch(db, scope, month)

    def save_issues(
        self, scope: str, month: str, fetched_at: datetime, issues: list[dict[str, Any]]
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO issues VALUES (?, ?, ?, ?)",
                (scope, month, fetched_at.isoformat(), json.dumps(issues, sort_keys=True)),
            )
            self._touch(db, scope, month)

    def mark_complete(self, scope: str, month: str) -> None:
        with self.transaction() as db:
            self._touch(db, scope, month, complete=True)

    def _touch(
        self, db: sqlite3.Connection, scope: str, month: str, complete: bool = False
    ) -> None:
        now = datetime.now().astimezone().isoformat()
        db.execute(
            "INSERT INTO months VALUES (?, ?, ?, ?) ON CONFLICT(scope, month) DO UPDATE SET "
            "complete = max(complete, excluded.complete), updated_at = excluded.updated_at",
            (scope, month, int(complete), now),
        )

    # ------------------------------------------------------------------ ETags

    def etag_get(self, key: str) -> tuple[str, str] | None:
        with self._lock:
            row = self._db.execute("SELECT etag, body FROM http WHERE key=?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def etag_put(self, key: str, etag: str, body: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO http VALUES (?, ?, ?, ?)",
                (key, etag, body, datetime.now().astimezone().isoformat()),
            )

    # ------------------------------------------------------------------ feeds

    def feed_state(self, url: str) -> dict[str, str | None] | None:
        """The validators (``etag``, ``last_modified``) and ``oldest`` entry date of the
        last successful reading of ``url``."""
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, oldest FROM feed_state WHERE url=?", (url,)
            ).fetchone()
        return dict(zip(("etag", "last_modified", "oldest"), row, strict=True)) if row else None

    def save_feed_reading(
        self,
        url: str,
        read_at: datetime,
        *,
        etag: str | None,
        last_modified: str | None,
        oldest: str | None,
        entries: list[dict[str, Any]] | None,
    ) -> None:
        """One reading, atomically: its validators, what it reached back to, and its
        entries (``None`` when the feed answered 304: nothing changed).

        An entry seen again keeps its earliest publication date and first sighting, and
        takes the latest title and text: a feed that re-dates or re-titles an entry
        does not make a second one.
        """
        at = _utc(read_at)
        with self.transaction() as db:
            self._save_reading(db, url, at, etag, last_modified, oldest, extend=entries is None)
            db.executemany(
                "INSERT INTO feed_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(url, key) DO UPDATE SET title = excluded.title, "
                "link = excluded.link, last_seen = excluded.last_seen, data = excluded.data, "
                "published = CASE WHEN feed_entries.published IS NULL THEN excluded.published "
                "WHEN excluded.published IS NULL THEN feed_entries.published "
                "ELSE min(feed_entries.published, excluded.published) END",
                [
                    (
                        url,
                        e["key"],
                        e["title"],
                        e["link"],
                        e.get("published"),
                        at,
                        at,
                        json.dumps(e, sort_keys=True),
                    )
                    for e in entries or []
                ],
            )

    def save_unchanged_feeds(self, feeds: list[UnchangedFeed]) -> None:
        """Readings that answered 304, in one transaction: their validators stay, and
        each extends its feed's last reading up to now."""
        if not feeds:
            return
        with self.transaction() as db:
            for f in feeds:
                at = _utc(f.read_at)
                self._save_reading(db, f.url, at, f.etag, f.last_modified, f.oldest, extend=True)

    def _save_reading(
        self,
        db: sqlite3.Connection,
        url: str,
        at: str,
        etag: str | None,
        last_modified: str | None,
        oldest: str | None,
        *,
        extend: bool,
    ) -> None:
        db.execute(
            "INSERT OR REPLACE INTO feed_state VALUES (?, ?, ?, ?, ?)",
            (url, etag, last_modified, oldest, at),
        )
        if not (extend and self._extend_reading(db, url, at, oldest)):
            db.execute("INSERT OR REPLACE INTO feed_readings VALUES (?, ?, ?)", (url, at, oldest))

    @staticmethod
    def _extend_reading(db: sqlite3.Connection, url: str, at: str, oldest: str | None) -> bool:
        """A 304 shows what the last reading showed, up to now: the last reading's span
        [oldest, then] becomes [oldest, now] instead of a new row. The union of spans is
        the same, and a feed re-drafted every few minutes does not grow a row per draft
        (which ``gaps`` would read back on every draft)."""
        last = db.execute(
            "SELECT read_at, oldest FROM feed_readings WHERE url=? ORDER BY read_at DESC LIMIT 1",
            (url,),
        ).fetchone()
        if last is None or last[1] != oldest or last[0] > at or (oldest and oldest > last[0]):
            return False
        db.execute(
            "UPDATE feed_readings SET read_at=? WHERE url=? AND read_at=?", (at, url, last[0])
        )
        return True

    def feed_entries(
        self,
        url: str,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        content: bool = True,
    ) -> list[dict[str, Any]]:
        """The entries ever read from ``url`` (dated, or first seen, in [start, end) when
        given), with ``published`` (earliest seen, or None), ``first_seen`` and
        ``last_seen``; without ``content`` the entries' HTML is not loaded.

        Raises :class:`DamagedFeedMemory` for a row whose data does not decode."""
        where, args = "url=?", [url]
        if start is not None and end is not None:
            # Every stamp is stored in UTC ISO form, so strings compare as times.
            where += (
                " AND coalesce(published, first_seen) >= ? AND coalesce(published, first_seen) < ?"
            )
            args += [_utc(start), _utc(end)]
        with self._lock:
            rows = self._db.execute(
                "SELECT title, link, published, first_seen, last_seen, "
                f"{'data' if content else _WITHOUT_CONTENT} "
                f"FROM feed_entries WHERE {where} ORDER BY coalesce(published, first_seen), key",
                args,
            ).fetchall()
        out = []
        for title, link, published, first, last, data in rows:
            entry = _entry_data(data)
            if entry is None:
                raise DamagedFeedMemory(url)
            entry.update(
                title=title, link=link, published=published, first_seen=first, last_seen=last
            )
            out.append(entry)
        return out

    def drop_damaged_feed_entries(self, url: str) -> int:
        """Delete the remembered entries of ``url`` that do not decode (data that is
        not a JSON object, dates that are not times); how many there were."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, published, first_seen, last_seen, data FROM feed_entries WHERE url=?",
                (url,),
            ).fetchall()
        bad = [(url, key) for key, *stamps, data in rows if not _sound(stamps, data)]
        if bad:
            with self.transaction() as db:
                db.executemany("DELETE FROM feed_entries WHERE url=? AND key=?", bad)
        return len(bad)

    def feed_version(self, url: str, start: datetime, end: datetime) -> str:
        """A cheap fingerprint of the entries of ``url`` in [start, end): their number
        and the last time any of them changed."""
        with self._lock:
            row = self._db.execute(
                "SELECT count(*), max(last_seen) FROM feed_entries WHERE url=? AND "
                "coalesce(published, first_seen) >= ? AND coalesce(published, first_seen) < ?",
                (url, _utc(start), _utc(end)),
            ).fetchone()
        return f"{row[0]}@{row[1]}"

    def memo_get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM memo WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def memo_put(self, key: str, data: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                (key, data, datetime.now(UTC).isoformat()),
            )

    def feed_readings(self, url: str) -> list[tuple[datetime, datetime | None]]:
        """(when, oldest entry date shown) of every reading of ``url``, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT read_at, oldest FROM feed_readings WHERE url=? ORDER BY read_at", (url,)
            ).fetchall()
        out = []
        for a, o in rows:
            try:
                out.append((datetime.fromisoformat(a), datetime.fromisoformat(o) if o else None))
            except (TypeError, ValueError):
                # A damaged row counts as no reading: the gap it leaves is then named
                # (``gaps``), the safe side of not knowing.
                continue
        return out

    # ------------------------------------------------------------ maintenance

    def info(self) -> dict[str, Any]:
        with self._lock:
            db = self._db
            months = db.execute(
                "SELECT month, complete, updated_at FROM months ORDER BY month"
            ).fetchall()
            counts = {
                table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("pulls", "repos", "issues", "http", "feed_entries")
            }
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        return {
            "path": str(self.path),
            "bytes": size,
            "months": [
                {"month": m.split("@", 1)[0], "window": m, "complete": bool(c), "updated_at": u}
                for m, c, u in months
            ],
            **counts,
        }

    def clear(self) -> None:
        with self.transaction() as db:
            # Feed memory is not a cache: entries that left their feed cannot be fetched
            # again, so clearing keeps them (only the validators go, forcing a download).
            db.execute("DELETE FROM feed_state")
            db.execute("DELETE FROM memo")
            for table in ("months", "coverage", "pulls", "repos", "issues", "http"):
                db.execute(f"DELETE FROM {table}")
        with self._lock:
            self._db.execute("VACUUM")


# The entry's text without its HTML; NULL (damaged) when the data is not JSON.
_WITHOUT_CONTENT = "CASE WHEN json_valid(data) THEN json_remove(data, '$.content') END"


def _entry_data(data: object) -> dict[str, Any] | None:
    try:
        entry = json.loads(data) if isinstance(data, str) else None
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def _sound(stamps: list[Any], data: object) -> bool:
    published, first, last = stamps
    try:
        for stamp in (first, last, *([published] if published is not None else [])):
            datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return False
    return _entry_data(data) is not None


def _utc(moment: datetime) -> str:
    """One spelling of a time for the feed tables, so that SQL compares them as text."""
    return moment.astimezone(UTC).isoformat()
